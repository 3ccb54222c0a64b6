// Fuzzing the price CSV parser: valid Yahoo files with random edits, shuffled headers, arbitrary text and bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePricesCsv } from "../../src/data/parse-prices-csv.js";
import { csvText, HEADER, validRows } from "../fixtures/bad-input/cases.js";
import { expectNoLongQuote, fuzz, FUZZ_TEST_TIMEOUT, mutated } from "./harness.js";

const MARKER = "ZZ-LONG-SECRET-LOOKING-CELL-THAT-MUST-NOT-BE-QUOTED-ZZ";
const VALID = csvText(HEADER, validRows(30));
const FRAGMENTS = [MARKER, '"', '""', "\r", "\r\n", "\n\n", ",", "\uFEFF", "NaN", "Infinity", "-1", "0x1F", "1e999", "2024-02-30", "\u0000", "é", "\uD800", " ", "Adj Close"];

const csvInput = fc.oneof(
  { weight: 5, arbitrary: mutated(fc.constant(VALID), FRAGMENTS) },
  { weight: 1, arbitrary: fc.shuffledSubarray(HEADER.split(","), { minLength: 1 }).map((columns) => csvText(columns.join(","), validRows(5))) },
  { weight: 1, arbitrary: fc.array(fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 8 }), { maxLength: 8 }).map((rows) => rows.map((row) => row.join(",")).join("\n")) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
);

describe("fuzz: price CSV", () => {
  it("every input parses or is refused with a DataError naming the file, quoting no long cell", async () => {
    await fuzz(
      "csv",
      csvInput,
      (input) => {
        const { bars } = parsePricesCsv(input, "fuzz.csv");
        for (let index = 1; index < bars.length; index++) expect(bars[index]!.date > bars[index - 1]!.date).toBe(true);
      },
      { runs: 5000, budgetMs: 8000 },
      (error) => {
        expect(error.location.file).toBe("fuzz.csv");
        expectNoLongQuote(error.message, MARKER);
      },
    );
  }, FUZZ_TEST_TIMEOUT);
});
