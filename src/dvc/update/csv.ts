import { readFile } from "node:fs/promises";
import { RemoteError, UsageError } from "../../errors.js";
import { httpFetchText, parseProviderCsv, type DateRange, type FetchText, type PriceProvider, type ProviderRow } from "./provider.js";

/**
 * Yahoo-layout CSV files, one per symbol, from a path or URL template such as `incoming/{symbol}.csv` or
 * `https://host/prices/{symbol}.csv`; rows outside the range are ignored.
 */
export class CsvProvider implements PriceProvider {
  readonly name = "csv";

  constructor(
    private readonly template: string,
    private readonly fetchText: FetchText = httpFetchText("CSV source"),
  ) {
    if (!template.includes("{symbol}")) {
      throw new UsageError(`CSV source '${template}' has no {symbol}; expected a path or URL such as incoming/{symbol}.csv`);
    }
  }

  async fetchRows(symbol: string, range: DateRange): Promise<ProviderRow[]> {
    const location = this.template.replaceAll("{symbol}", symbol);
    const text = /^https?:\/\//.test(location) ? await this.fetchText(location) : await readLocal(location);
    return parseProviderCsv(text, location).filter((row) => row.date >= range.from && row.date <= range.to);
  }
}

async function readLocal(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new RemoteError(`CSV source ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}
