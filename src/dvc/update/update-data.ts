import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileAtomic } from "../../artifacts/write-atomic.js";
import { isRealIsoDate } from "../../config/model-config.js";
import { parsePricesCsv } from "../../data/parse-prices-csv.js";
import { UsageError } from "../../errors.js";
import { addData, type AddResult } from "../add.js";
import type { PriceProvider, ProviderRow } from "./provider.js";

export interface UpdateOptions {
  provider: PriceProvider;
  symbols: string[];
  /** Last date to append (inclusive), YYYY-MM-DD; default today (UTC). */
  to?: string;
  /** Tracked folder, relative to the repository; its `.dvc` file is rewritten. */
  dataDir?: string;
  now?: () => Date;
}

export interface SymbolUpdate {
  symbol: string;
  file: string;
  appended: number;
  firstNew?: string;
  lastNew?: string;
  /** Loader warnings (split-like jumps) that fall on the new rows. */
  warnings: string[];
}

export interface UpdateResult {
  symbols: SymbolUpdate[];
  /** The re-add, when at least one row was appended. */
  added?: AddResult;
}

const NEW_FILE_HEADER = "Date,Open,High,Low,Close,Adj Close,Volume";
const FIRST_DATE = "1970-01-01";

/**
 * Fetches rows after each file's last date, checks every resulting file with the price loader's rules, and only
 * when all symbols pass writes them and re-adds the folder (a new data.dvc). Any invalid row changes nothing.
 */
export async function updateData(repoRoot: string, options: UpdateOptions): Promise<UpdateResult> {
  const to = options.to ?? (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  if (!isRealIsoDate(to)) throw new UsageError(`--to '${to}' is not a date; expected YYYY-MM-DD`, { field: "to" });
  const dataDir = options.dataDir ?? "data";
  const plans: { path: string; text: string; update: SymbolUpdate }[] = [];
  for (const symbol of options.symbols) plans.push(await planSymbol(repoRoot, dataDir, symbol, to, options.provider));
  const changed = plans.filter((plan) => plan.update.appended > 0);
  for (const plan of changed) await writeFileAtomic(plan.path, plan.text);
  const added = changed.length ? await addData(repoRoot, dataDir) : undefined;
  return { symbols: plans.map((plan) => plan.update), ...(added ? { added } : {}) };
}

async function planSymbol(repoRoot: string, dataDir: string, symbol: string, to: string, provider: PriceProvider) {
  const path = join(repoRoot, dataDir, `${symbol}.csv`);
  const file = relative(repoRoot, path);
  const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  const lastDate = existing === undefined ? undefined : parsePricesCsv(existing, file).bars.at(-1)?.date;
  const from = lastDate ? nextDay(lastDate) : FIRST_DATE;
  const update: SymbolUpdate = { symbol, file, appended: 0, warnings: [] };
  if (from > to) return { path, text: existing ?? "", update };
  const rows = (await provider.fetchRows(symbol, { from, to })).filter((row) => row.date >= from && row.date <= to);
  if (rows.length === 0) return { path, text: existing ?? "", update };
  const base = existing ?? `${NEW_FILE_HEADER}\n`;
  const newline = base.includes("\r\n") ? "\r\n" : "\n";
  const header = base.slice(0, base.indexOf(newline) === -1 ? base.length : base.indexOf(newline));
  const lines = rows.map((row) => formatRow(row, header));
  const text = `${base}${base.endsWith(newline) ? "" : newline}${lines.join(newline)}${newline}`;
  const { warnings } = parsePricesCsv(text, `${file} with ${rows.length} new row(s) from ${provider.name} appended`);
  const firstNew = rows[0]!.date;
  const newWarnings = warnings.filter((warning) => warning.slice(0, 10) >= firstNew);
  return { path, text, update: { ...update, appended: rows.length, firstNew, lastNew: rows.at(-1)!.date, warnings: newWarnings } };
}

/** The row in the file's own column order; a provider without Adj Close gets Close there (true on the day it is fetched). */
function formatRow(row: ProviderRow, header: string): string {
  return header
    .split(",")
    .map((name) => {
      switch (name.trim().toLowerCase().replace(/[\s_]/g, "")) {
        case "date":
          return row.date;
        case "open":
          return row.open;
        case "high":
          return row.high;
        case "low":
          return row.low;
        case "close":
          return row.close;
        case "adjclose":
          return row.adjClose ?? row.close;
        case "volume":
          return row.volume;
        default:
          return "";
      }
    })
    .join(",");
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
