import { UsageError } from "../../errors.js";
import { CsvProvider } from "./csv.js";
import type { PriceProvider } from "./provider.js";
import { DEFAULT_STOOQ_URL, StooqProvider } from "./stooq.js";
import { DEFAULT_YAHOO_URL, YahooProvider } from "./yahoo.js";

export const SOURCES = ["yahoo", "stooq", "csv"] as const;

/** The provider for `--source`; base URLs can be pointed elsewhere (tests, mirrors) with STOCKOPS_YAHOO_URL / STOCKOPS_STOOQ_URL. */
export function providerFor(source: string, env: NodeJS.ProcessEnv, csvInput?: string): PriceProvider {
  switch (source) {
    case "yahoo":
      return new YahooProvider(env.STOCKOPS_YAHOO_URL || DEFAULT_YAHOO_URL);
    case "stooq":
      return new StooqProvider(env.STOCKOPS_STOOQ_URL || DEFAULT_STOOQ_URL);
    case "csv": {
      const template = csvInput ?? env.STOCKOPS_CSV_URL;
      if (!template) throw new UsageError("--source csv needs --input TEMPLATE (a path or URL with {symbol}, e.g. incoming/{symbol}.csv)", { field: "input" });
      return new CsvProvider(template);
    }
    default:
      throw new UsageError(`--source '${source}' is unknown; expected one of ${SOURCES.join(", ")}`, { field: "source" });
  }
}
