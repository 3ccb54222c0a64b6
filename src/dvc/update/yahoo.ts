import { RemoteError } from "../../errors.js";
import { httpFetchText, type DateRange, type FetchText, type PriceProvider, type ProviderRow } from "./provider.js";

export const DEFAULT_YAHOO_URL = "https://query1.finance.yahoo.com";

interface ChartResponse {
  chart?: {
    result?: ChartResult[] | null;
    error?: { code?: string; description?: string } | null;
  };
}

interface ChartResult {
  meta?: { gmtoffset?: number; symbol?: string };
  timestamp?: number[];
  indicators?: {
    quote?: { open?: Num[]; high?: Num[]; low?: Num[]; close?: Num[]; volume?: Num[] }[];
    adjclose?: { adjclose?: Num[] }[];
  };
}

type Num = number | null;

/** Yahoo's chart API v8 (`/v8/finance/chart/<SYMBOL>?period1&period2&interval=1d`), the JSON behind its web charts. */
export class YahooProvider implements PriceProvider {
  readonly name = "yahoo";

  constructor(
    private readonly baseUrl = DEFAULT_YAHOO_URL,
    private readonly fetchText: FetchText = httpFetchText("Yahoo Finance"),
  ) {}

  async fetchRows(symbol: string, range: DateRange): Promise<ProviderRow[]> {
    const period1 = Date.parse(`${range.from}T00:00:00Z`) / 1000;
    const period2 = Date.parse(`${range.to}T00:00:00Z`) / 1000 + 86_400;
    const ticker = encodeURIComponent(symbol.replaceAll(".", "-"));
    const url = `${this.baseUrl.replace(/\/+$/, "")}/v8/finance/chart/${ticker}?period1=${period1}&period2=${period2}&interval=1d&events=history&includeAdjustedClose=true`;
    return parseYahooChart(await this.fetchText(url), symbol);
  }
}

/** Chart JSON → rows. Days Yahoo lists with no price at all (a halt, today before the open) are left out. */
export function parseYahooChart(text: string, symbol: string): ProviderRow[] {
  let body: ChartResponse;
  try {
    body = JSON.parse(text) as ChartResponse;
  } catch {
    throw new RemoteError(`Yahoo Finance: expected chart JSON for ${symbol}, got '${text.slice(0, 80)}'`);
  }
  const error = body.chart?.error;
  if (error) throw new RemoteError(`Yahoo Finance: ${symbol}: ${error.code ?? "error"}: ${error.description ?? ""}`.trim());
  const result = body.chart?.result?.[0];
  if (!result) throw new RemoteError(`Yahoo Finance: no chart result for ${symbol}`);
  const timestamps = result.timestamp ?? [];
  const quote = result.indicators?.quote?.[0] ?? {};
  const adjclose = result.indicators?.adjclose?.[0]?.adjclose;
  const offset = result.meta?.gmtoffset ?? 0;
  const rows: ProviderRow[] = [];
  timestamps.forEach((timestamp, index) => {
    const cells = [quote.open, quote.high, quote.low, quote.close].map((series) => series?.[index] ?? null);
    if (cells.every((value) => value === null)) return;
    const [open, high, low, close] = cells.map(price);
    rows.push({
      date: new Date((timestamp + offset) * 1000).toISOString().slice(0, 10),
      open: open!,
      high: high!,
      low: low!,
      close: close!,
      ...(adjclose ? { adjClose: price(adjclose[index] ?? null) } : {}),
      volume: quote.volume?.[index] == null ? "" : String(quote.volume[index]),
    });
  });
  return rows;
}

/** Yahoo sends float32 values widened to doubles (322.0299987792969); its own CSV export rounds them to 6 decimals. */
function price(value: Num): string {
  return value === null ? "" : value.toFixed(6);
}
