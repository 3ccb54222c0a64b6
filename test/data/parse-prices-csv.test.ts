import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePricesCsv } from "../../src/data/parse-prices-csv.js";
import { DataError } from "../../src/errors.js";
import { HEADER, csvText, validRows } from "../fixtures/bad-input/cases.js";
import { EMBEDDED_TICKERS, SHARED_PRICES_DIR, describeWithShared, realPrices } from "../support/real-prices.js";
import { findEmbeddedDataset, resolveEmbeddedDataset } from "../../src/data/embedded-datasets.js";


function errorOf(text: string): DataError {
  try {
    parsePricesCsv(text, "p.csv");
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError");
}

/** Rows with the given closes, each a valid bar (open = close, high/low ±1 %). */
function closesCsv(closes: number[]): string {
  const rows = validRows(closes.length).map(([date], index) => {
    const close = closes[index]!;
    return [date!, String(close), String(close * 1.01), String(close * 0.99), String(close), String(close), "1000"];
  });
  return csvText(HEADER, rows);
}

describe("parsePricesCsv on the embedded real prices (node_modules)", () => {
  it.each([
    ["AAPL", 1260, "2013-05-13", "2018-05-11"],
    ["SPX", 5105, "2000-01-03", "2020-04-17"],
  ] as const)("%s: every row valid, ascending, Adj Close kept", (symbol, rows, first, last) => {
    expect(EMBEDDED_TICKERS).toContain(symbol);
    const { bars } = parsePricesCsv(readFileSync(resolveEmbeddedDataset(findEmbeddedDataset(symbol))), `${symbol}.csv`);
    expect(bars).toHaveLength(rows);
    expect([bars[0]!.date, bars.at(-1)!.date]).toEqual([first, last]);
    expect(bars.every((bar, index) => index === 0 || bar.date > bars[index - 1]!.date)).toBe(true);
    expect(bars.every((bar) => bar.low <= bar.open && bar.open <= bar.high && bar.adjClose! > 0)).toBe(true);
  });
});

describeWithShared("parsePricesCsv on the shared real prices", () => {
  const sharedPrices = SHARED_PRICES_DIR;
  it("resolves ../shared/data/prices beside the checkout", () => {
    expect(sharedPrices).toMatch(/\/shared\/data\/prices\/$/);
    expect(realPrices.origin).toBe("../shared/data/prices");
  });

  it.each([
    ["AAPL", 6084, "2000-01-03"],
    ["AMZN", 6084, "2000-01-03"],
    ["GOOGL", 4922, "2004-08-19"],
    ["IBM", 6084, "2000-01-03"],
    ["MSFT", 6084, "2000-01-03"],
  ])("%s.csv: every row valid, ascending, Adj Close kept", (symbol, rows, first) => {
    const bytes = readFileSync(`${sharedPrices}${symbol}.csv`);
    const { bars } = parsePricesCsv(bytes, `${symbol}.csv`);
    expect(bars).toHaveLength(rows);
    expect(bars[0]!.date).toBe(first);
    expect(bars.at(-1)!.date).toBe("2024-03-08");
    expect(bars.every((bar, index) => index === 0 || bar.date > bars[index - 1]!.date)).toBe(true);
    expect(bars.every((bar) => bar.low <= bar.open && bar.open <= bar.high && bar.adjClose! > 0)).toBe(true);
  });

  it("AAPL's 52 % crash on 2000-09-29 is a warning naming date and ratio, not an error", () => {
    const { bars, warnings } = parsePricesCsv(readFileSync(`${sharedPrices}AAPL.csv`), "AAPL.csv");
    const crash = bars.findIndex((bar) => bar.date === "2000-09-29");
    expect(bars[crash]!.close / bars[crash - 1]!.close).toBeCloseTo(0.481, 3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^2000-09-29: close ×0\.481 vs 2000-09-28 .* undeclared 2:1 split/);
  });

  it("first row matches the file's text exactly", () => {
    const { bars } = parsePricesCsv(readFileSync(`${sharedPrices}MSFT.csv`), "MSFT.csv");
    expect(bars[0]).toEqual({ date: "2000-01-03", open: 58.6875, high: 59.3125, low: 56, close: 58.28125, adjClose: 36.065559, volume: 53228400 });
  });
});

describe("parsePricesCsv header and layout", () => {
  const rows = validRows(3);

  it.each([
    "date,open,high,low,close,adjclose,volume",
    "Date,Open,High,Low,Close,adj_close,Volume",
    "DATE,OPEN,HIGH,LOW,CLOSE,ADJ CLOSE,VOLUME",
    " Date , Open,High,Low,Close,Adj Close,Volume",
  ])("accepts the header %j", (header) => {
    const { bars } = parsePricesCsv(csvText(header, rows), "p.csv");
    expect(bars.map((bar) => bar.adjClose)).toEqual(rows.map((cells) => Number(cells[5])));
  });

  it("Adj Close is optional, columns may come in any order", () => {
    const text = csvText("Volume,Close,Low,High,Open,Date", rows.map(([date, open, high, low, close, , volume]) => [volume!, close!, low!, high!, open!, date!]));
    const { bars } = parsePricesCsv(text, "p.csv");
    expect(bars[1]).toEqual({ date: rows[1]![0], open: Number(rows[1]![1]), high: Number(rows[1]![2]), low: Number(rows[1]![3]), close: Number(rows[1]![4]), volume: Number(rows[1]![6]) });
    expect("adjClose" in bars[1]!).toBe(false);
  });

  it("reads bytes with a BOM, CRLF line ends and blank lines, counting lines as an editor does", () => {
    const text = `\uFEFF${HEADER}\r\n${rows[0]!.join(",")}\r\n\r\n${rows[1]!.join(",")}\r\n${rows[2]!.join(",").replace(/,1\d+$/, ",-1")}\r\n`;
    expect(errorOf(text).message).toBe("p.csv, line 5, field 'Volume': expected a volume ≥ 0, got -1");
    const { bars } = parsePricesCsv(new TextEncoder().encode(text.replace(",-1\r\n", ",1\r\n")), "p.csv");
    expect(bars).toHaveLength(3);
  });

  it("reads quoted cells through csv-parse with the same line numbers", () => {
    const quoted = [HEADER, ...rows.map((cells) => cells.map((cell) => `"${cell}"`).join(","))].join("\n");
    expect(parsePricesCsv(quoted, "p.csv").bars).toEqual(parsePricesCsv(csvText(HEADER, rows), "p.csv").bars);
    expect(errorOf(quoted.replace(`"${rows[2]![4]}"`, '""')).message).toBe("p.csv, line 4, field 'Close': empty cell; expected a price > 0");
  });

  it("rejects bytes that are not UTF-8", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(`${HEADER}\n2020-01-02,`), 0xff, 0xfe]);
    expect(() => parsePricesCsv(bytes, "p.csv")).toThrow(/p\.csv: not valid UTF-8 text; expected a CSV file/);
  });

  it.each([
    ["2024-02-29", true],
    ["2000-02-29", true],
    ["2023-02-29", false],
    ["2100-02-29", false],
    ["2024-04-31", false],
    ["2024-13-01", false],
    ["2024-00-10", false],
  ])("date %s accepted: %s (never rolled into the next month)", (date, valid) => {
    const text = csvText(HEADER, [[date, "10", "11", "9", "10", "10", "100"]]);
    if (valid) expect(parsePricesCsv(text, "p.csv").bars[0]!.date).toBe(date);
    else expect(errorOf(text).message).toBe(`p.csv, line 2, field 'Date': expected a real calendar date YYYY-MM-DD, got '${date}'`);
  });

  it("a column named twice is an error on line 1", () => {
    expect(errorOf(csvText("Date,Open,High,Low,Close,Close,Volume", rows)).message).toMatch(/^p\.csv, line 1: column 'Close' appears twice/);
  });

  it("accepts exponents and zero volume, rejects whitespace-only cells", () => {
    const cells = [...rows[0]!];
    cells[4] = `${Number(cells[4]) / 100}e2`;
    cells[6] = "0";
    expect(parsePricesCsv(csvText(HEADER, [cells]), "p.csv").bars[0]!.volume).toBe(0);
    cells[6] = "  ";
    expect(errorOf(csvText(HEADER, [cells])).message).toMatch(/line 2, field 'Volume': empty cell/);
  });
});

describe("split-like jumps are warnings", () => {
  it.each([
    [0.5, "2:1 split"],
    [1 / 3, "3:1 split"],
    [0.25, "4:1 split"],
    [2, "1:2 reverse split"],
    [3, "1:3 reverse split"],
    [100, "dollars → cents"],
    [0.01, "cents → dollars"],
    [0.52, "2:1 split"],
  ])("close ×%d → one warning (%s)", (ratio, label) => {
    const closes = [100, 101, 102, 102 * ratio, 102 * ratio * 1.01];
    const { bars, warnings } = parsePricesCsv(closesCsv(closes), "p.csv");
    expect(bars).toHaveLength(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(bars[3]!.date);
    expect(warnings[0]).toContain(`×${ratio.toPrecision(3)}`);
    expect(warnings[0]).toContain(label);
  });

  it.each([0.7, 0.6, 1.5, 2.3, 10])("close ×%d is an ordinary move", (ratio) => {
    expect(parsePricesCsv(closesCsv([100, 100 * ratio, 100 * ratio]), "p.csv").warnings).toEqual([]);
  });
});
