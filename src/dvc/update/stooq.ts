import { RemoteError } from "../../errors.js";
import { httpFetchText, parseProviderCsv, type DateRange, type FetchText, type PriceProvider, type ProviderRow } from "./provider.js";

export const DEFAULT_STOOQ_URL = "https://stooq.com";

/** Stooq's daily CSV download (`/q/d/l/?s=aapl.us&i=d`): Date,Open,High,Low,Close,Volume, oldest first, no Adj Close. */
export class StooqProvider implements PriceProvider {
  readonly name = "stooq";

  constructor(
    private readonly baseUrl = DEFAULT_STOOQ_URL,
    private readonly fetchText: FetchText = httpFetchText("Stooq"),
  ) {}

  async fetchRows(symbol: string, range: DateRange): Promise<ProviderRow[]> {
    const ticker = symbol.startsWith("^") ? symbol.toLowerCase() : `${symbol.toLowerCase().replaceAll(".", "-")}.us`;
    const compact = (date: string) => date.replaceAll("-", "");
    const url = `${this.baseUrl.replace(/\/+$/, "")}/q/d/l/?s=${encodeURIComponent(ticker)}&i=d&d1=${compact(range.from)}&d2=${compact(range.to)}`;
    return parseStooqCsv(await this.fetchText(url), symbol);
  }
}

export function parseStooqCsv(text: string, symbol: string): ProviderRow[] {
  const start = text.trimStart();
  if (start.startsWith("<")) {
    throw new RemoteError(`Stooq answered an HTML page for ${symbol}, not CSV (a bot check or an error page); try --source yahoo`);
  }
  if (/^no data/i.test(start)) return [];
  return parseProviderCsv(text, `Stooq ${symbol}`);
}
