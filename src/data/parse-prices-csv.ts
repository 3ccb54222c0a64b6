import { isUtf8 } from "node:buffer";
import { isRealIsoDate } from "../config/model-config.js";
import { DataError } from "../errors.js";
import { excerpt } from "../files/excerpt.js";
import type { PriceBar } from "./price-series.js";
import { forEachCsvRecord } from "./read-csv-records.js";
import { findSplitLikeJumps } from "./split-like-jumps.js";

type Column = "date" | "open" | "high" | "low" | "close" | "adjclose" | "volume";

const REQUIRED: readonly Column[] = ["date", "open", "high", "low", "close", "volume"];
const DISPLAY_NAME: Record<Column, string> = { date: "Date", open: "Open", high: "High", low: "Low", close: "Close", adjclose: "Adj Close", volume: "Volume" };
const KNOWN = new Set<string>([...REQUIRED, "adjclose"]);
export const EXPECTED_HEADER = "Date,Open,High,Low,Close,Adj Close,Volume (Adj Close optional)";

/** Decimal notation only: rejects "", "NaN", "Infinity", "0x1F" and text that `Number()` would let through. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export interface ParsedPrices {
  bars: PriceBar[];
  warnings: string[];
}

export interface ParseOptions {
  /**
   * How a cell is quoted in an error: by default a short escaped excerpt (`excerpt`). A file read from outside
   * the repository passes `() => "(not shown)"`, so no message repeats what such a file holds.
   */
  quote?: (cell: string) => string;
}

/** Yahoo-layout daily prices → validated bars (ascending dates); any broken row is a DataError naming file and line. */
export function parsePricesCsv(bytes: Uint8Array | string, file: string, { quote = (cell) => `'${excerpt(cell)}'` }: ParseOptions = {}): ParsedPrices {
  const bars: PriceBar[] = [];
  let header: { line: number; reader: RowReader } | undefined;
  forEachCsvRecord(decode(bytes, file), file, (cells, line) => {
    if (header) bars.push(header.reader.read(cells, line));
    else header = { line, reader: new RowReader(readHeader(cells, line, file, quote), file, quote) };
  });
  if (!header) throw new DataError(`empty file; expected a header line ${EXPECTED_HEADER} and one row per day`, { file });
  if (bars.length === 0) throw new DataError(`no rows after the header; expected one row per trading day`, { file, line: header.line });
  return { bars, warnings: findSplitLikeJumps(bars) };
}

function decode(bytes: Uint8Array | string, file: string): string {
  const text = typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (text.includes("\uFFFD") && typeof bytes !== "string" && !isUtf8(bytes)) {
    throw new DataError("not valid UTF-8 text; expected a CSV file", { file });
  }
  return text.replace(/^\uFEFF/, "");
}

interface HeaderColumns {
  /** Position of each known column in a row; -1 when absent. */
  position: Record<Column, number>;
  /** Names as written in the file, for messages. */
  names: string[];
}

function readHeader(cells: string[], line: number, file: string, quote: (cell: string) => string): HeaderColumns {
  const position = Object.fromEntries([...KNOWN].map((column) => [column, -1])) as Record<Column, number>;
  cells.forEach((name, index) => {
    const key = name.trim().toLowerCase().replace(/[\s_]/g, "") as Column;
    if (!KNOWN.has(key)) throw new DataError(`unknown column ${quote(name)}; expected the columns ${EXPECTED_HEADER}`, { file, line });
    if (position[key] !== -1) throw new DataError(`column ${quote(name)} appears twice; expected each of ${EXPECTED_HEADER} once`, { file, line });
    position[key] = index;
  });
  const missing = REQUIRED.filter((column) => position[column] === -1);
  if (missing.length > 0) {
    throw new DataError(`missing column${missing.length > 1 ? "s" : ""} ${missing.map((column) => DISPLAY_NAME[column]).join(", ")}; expected the columns ${EXPECTED_HEADER}`, { file, line });
  }
  return { position, names: cells.map((name) => name.trim()) };
}

/** Reads one row at a time without allocating per cell: 36,000 cells per 24-year file. */
class RowReader {
  private cells: string[] = [];
  private line = 0;
  private previousDate = "";
  private previousLine = 0;

  constructor(
    private readonly columns: HeaderColumns,
    private readonly file: string,
    private readonly quote: (cell: string) => string,
  ) {}

  read(cells: string[], line: number): PriceBar {
    this.cells = cells;
    this.line = line;
    const { names, position } = this.columns;
    if (cells.length !== names.length) this.fail(-1, `${cells.length} cells; expected ${names.length} like the header (${names.join(",")})`);
    const date = this.date(position.date);
    this.checkOrder(date, position.date);
    const bar: PriceBar = {
      date,
      open: this.price(position.open),
      high: this.price(position.high),
      low: this.price(position.low),
      close: this.price(position.close),
      volume: this.volume(position.volume),
    };
    if (position.adjclose !== -1) bar.adjClose = this.price(position.adjclose);
    this.checkRange(bar);
    return bar;
  }

  private checkOrder(date: string, index: number): void {
    if (date <= this.previousDate) {
      if (date === this.previousDate) this.fail(index, `duplicate date ${date} (also on line ${this.previousLine}); expected one row per day`);
      this.fail(index, `date ${date} comes after ${this.previousDate} (line ${this.previousLine}); expected dates in ascending order`);
    }
    this.previousDate = date;
    this.previousLine = this.line;
  }

  private fail(index: number, message: string): never {
    throw new DataError(message, { file: this.file, line: this.line, field: index >= 0 ? this.columns.names[index] : undefined });
  }

  private date(index: number): string {
    const text = this.cells[index]!;
    if (isRealIsoDate(text)) return text;
    if (text.trim() === "") this.fail(index, "empty cell; expected a date YYYY-MM-DD");
    return this.fail(index, `expected a real calendar date YYYY-MM-DD, got ${this.quote(text)}`);
  }

  private number(index: number, expected: string): number {
    const text = this.cells[index]!;
    if (!DECIMAL.test(text)) this.fail(index, text.trim() === "" ? `empty cell; expected ${expected}` : `expected ${expected}, got ${this.quote(text)}`);
    const value = Number(text);
    if (!Number.isFinite(value)) this.fail(index, `expected ${expected}, got ${this.quote(text)} (not finite)`);
    return value;
  }

  private price(index: number): number {
    const value = this.number(index, "a price > 0");
    if (value <= 0) this.fail(index, `expected a price > 0, got ${this.cells[index]!.trim()}`);
    return value;
  }

  private volume(index: number): number {
    const value = this.number(index, "a volume (whole number ≥ 0)");
    if (value < 0) this.fail(index, `expected a volume ≥ 0, got ${this.cells[index]!.trim()}`);
    if (!Number.isInteger(value)) this.fail(index, `expected a whole number of shares, got ${this.cells[index]!.trim()}`);
    return value;
  }

  private checkRange(bar: PriceBar): void {
    const { position } = this.columns;
    if (bar.high < bar.low) this.fail(position.high, `high ${bar.high} is below low ${bar.low}; expected high ≥ low`);
    if (bar.open < bar.low || bar.open > bar.high) this.outside(bar, "open");
    if (bar.close < bar.low || bar.close > bar.high) this.outside(bar, "close");
  }

  private outside(bar: PriceBar, column: "open" | "close"): never {
    return this.fail(this.columns.position[column], `${column} ${bar[column]} is outside [low ${bar.low}, high ${bar.high}]; expected low ≤ ${column} ≤ high`);
  }
}
