import { RemoteError } from "../../errors.js";

/** One day as a provider gave it, cells kept as text so nothing is rounded twice; "" marks a missing value. */
export interface ProviderRow {
  date: string;
  open: string;
  high: string;
  low: string;
  close: string;
  adjClose?: string;
  volume: string;
}

export interface DateRange {
  /** First date wanted, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last date wanted, YYYY-MM-DD, inclusive. */
  to: string;
}

/** A source of daily prices; `update` validates whatever it returns with the loader's rules. */
export interface PriceProvider {
  readonly name: string;
  fetchRows(symbol: string, range: DateRange): Promise<ProviderRow[]>;
}

export type FetchText = (url: string) => Promise<string>;

export interface RetryOptions {
  /** Extra attempts after a 429, a 5xx or a network error. */
  retries?: number;
  /** First wait; doubled after each failed attempt. */
  delayMs?: number;
}

/**
 * GET over HTTP(S), retrying 429 / 5xx / network errors with backoff (providers throttle bursts); any other
 * answer but 200 is a RemoteError naming the provider, the status and the start of the body.
 */
export function httpFetchText(provider: string, { retries = 2, delayMs = 2_000 }: RetryOptions = {}): FetchText {
  return async (url) => {
    for (let attempt = 0; ; attempt++) {
      const retryable = attempt < retries;
      let response: Response;
      try {
        // Yahoo answers 429 to user agents that do not look like a browser.
        response = await fetch(url, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) stockops", Accept: "*/*" }, signal: AbortSignal.timeout(30_000) });
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
        if (retryable) {
          await sleep(delayMs * 2 ** attempt);
          continue;
        }
        throw new RemoteError(`${provider}: cannot fetch ${url}: ${cause}`);
      }
      const text = await response.text();
      if (response.status === 200) return text;
      if (retryable && (response.status === 429 || response.status >= 500)) {
        await sleep(delayMs * 2 ** attempt);
        continue;
      }
      throw new RemoteError(`${provider} answered HTTP ${response.status} for ${url}: ${text.slice(0, 200).replace(/\s+/g, " ")}`);
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const COLUMN_NAMES: Record<string, keyof ProviderRow> = {
  date: "date",
  open: "open",
  high: "high",
  low: "low",
  close: "close",
  adjclose: "adjClose",
  volume: "volume",
};

/** Reads a provider CSV with a header (Yahoo or Stooq layout, any column order) into rows. */
export function parseProviderCsv(text: string, source: string): ProviderRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = lines[0]?.split(",").map((name) => COLUMN_NAMES[name.trim().toLowerCase().replace(/[\s_]/g, "")]);
  if (!header || !header.includes("date") || !header.includes("close")) {
    const start = (lines[0] ?? "").slice(0, 80);
    throw new RemoteError(`${source}: expected CSV with a header like Date,Open,High,Low,Close,Volume, got '${start}'`);
  }
  return lines.slice(1).map((line) => {
    const cells = line.split(",");
    const row: Partial<ProviderRow> = {};
    header.forEach((key, index) => {
      if (key) row[key] = (cells[index] ?? "").trim();
    });
    return { date: "", open: "", high: "", low: "", close: "", volume: "", ...row };
  });
}
