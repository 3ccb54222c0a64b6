import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { appendEntry, parseLedger, serializeEntry, type LedgerEntry } from "../../src/trading/ledger.js";

const entry = (date: string): LedgerEntry => ({
  team: "red", date, broker: "paper", currency: "EUR", fills: [], predictions: [], skipped: [], orders: [], prices: { MSFT: 400.5, AAPL: 170.25 }, cash: 15000, positions: [], equity: 15000,
});

describe("ledger lines", () => {
  it("serialize with a fixed key order and sorted prices, and parse back", () => {
    const line = serializeEntry(entry("2024-01-02"));
    expect(line.startsWith('{"team":"red","date":"2024-01-02","broker":"paper"')).toBe(true);
    expect(line).toContain('"prices":{"AAPL":170.25,"MSFT":400.5}');
    expect(line).not.toMatch(/T\d\d:\d\d/);
    const text = appendEntry(appendEntry("", entry("2024-01-02")), entry("2024-01-03"));
    expect(parseLedger(text, "ledger/red.jsonl").map((e) => e.date)).toEqual(["2024-01-02", "2024-01-03"]);
  });

  it("reject a broken line or dates out of order, naming file and line", () => {
    const good = appendEntry("", entry("2024-01-03"));
    expect(() => parseLedger(`${good}{not json\n`, "ledger/red.jsonl")).toThrow(/ledger\/red\.jsonl, line 2: not valid JSON/);
    expect(() => parseLedger(appendEntry(good, entry("2024-01-02")), "ledger/red.jsonl")).toThrow(/line 2: date 2024-01-02 does not follow 2024-01-03/);
    const broken = good.replace('"cash":15000', '"cash":"lots"');
    expect(() => parseLedger(broken, "ledger/red.jsonl")).toThrow(DataError);
    expect(() => parseLedger(broken, "ledger/red.jsonl")).toThrow(/field 'cash'/);
  });
});
