import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { DataError } from "../errors.js";

export const PREDICTIONS_FILE = "predictions.csv";

/**
 * One test-span decision day t. Unknown values are NaN (written as an empty cell):
 * `actualClose` before the close at t + horizon exists, `equity` / `buyHoldEquity` before open t+2 exists.
 */
export interface PredictionRow {
  date: string;
  close: number;
  /** Close at t + horizon. */
  actualClose: number;
  /** Predicted log returns over the horizon. */
  predModel: number;
  predNaive: number;
  predRidge: number;
  /** Position decided at close t from the model's prediction (1 = hold), filled at open t+1. */
  position: 0 | 1;
  /** Backtest equity after holding this decision's position to open t+2 (1 before the first fill). */
  equity: number;
  buyHoldEquity: number;
}

const COLUMNS = ["date", "close", "actual_close", "pred_model", "pred_naive", "pred_ridge", "position", "equity", "buy_hold_equity"] as const;
const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;
const OPTIONAL = new Set<string>(["actual_close", "equity", "buy_hold_equity"]);

export function formatPredictions(rows: readonly PredictionRow[]): string {
  const lines = rows.map((row) =>
    [row.date, row.close, row.actualClose, row.predModel, row.predNaive, row.predRidge, row.position, row.equity, row.buyHoldEquity]
      .map((value) => (typeof value === "number" && !Number.isFinite(value) ? "" : String(value)))
      .join(","),
  );
  return `${[COLUMNS.join(","), ...lines].join("\n")}\n`;
}

export async function writePredictionsFile(path: string, rows: readonly PredictionRow[]): Promise<void> {
  await writeFileAtomic(path, formatPredictions(rows));
}

/** Pure: CSV text → rows, or a DataError naming the file, line and column. */
export function parsePredictions(text: string, file = PREDICTIONS_FILE): PredictionRow[] {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new DataError(`not valid CSV (${(error as Error).message.split("\n")[0]})`, { file });
  }
  const [header, ...body] = records;
  if (!header || header.join(",") !== COLUMNS.join(",")) {
    throw new DataError(`expected the header ${COLUMNS.join(",")}`, { file, line: 1 });
  }
  return body.map((cells, index) => parseRow(cells, file, index + 2));
}

export async function readPredictionsFile(path: string): Promise<PredictionRow[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new DataError("not found; expected the predictions.csv written by 'stockops evaluate'", { file: path });
  }
  return parsePredictions(text, path);
}

function parseRow(cells: string[], file: string, line: number): PredictionRow {
  const cell = (column: (typeof COLUMNS)[number]): number => parseNumber(cells[COLUMNS.indexOf(column)] ?? "", column, file, line);
  const date = cells[0] ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DataError(`expected a date YYYY-MM-DD, got "${date}"`, { file, line, field: "date" });
  const position = cell("position");
  if (position !== 0 && position !== 1) throw new DataError(`expected 0 or 1, got ${position}`, { file, line, field: "position" });
  return {
    date,
    close: cell("close"),
    actualClose: cell("actual_close"),
    predModel: cell("pred_model"),
    predNaive: cell("pred_naive"),
    predRidge: cell("pred_ridge"),
    position,
    equity: cell("equity"),
    buyHoldEquity: cell("buy_hold_equity"),
  };
}

function parseNumber(text: string, column: string, file: string, line: number): number {
  if (text === "") {
    if (OPTIONAL.has(column)) return Number.NaN;
    throw new DataError("expected a number, got an empty cell", { file, line, field: column });
  }
  const value = NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new DataError(`expected a finite number, got "${text}"`, { file, line, field: column });
  return value;
}
