import { describe, expect, it } from "vitest";
import { intendedSlot, tradingDateFor } from "../../actions/trade/src/intended-slot.js";
import { intendedTradingDate } from "../../src/trading/market-calendar.js";

const CRON = "41 22 * * 1-5";

describe("the trading date comes from the schedule's slot, not the start clock", () => {
  it("an on-time run trades the day whose close it follows", () => {
    expect(intendedSlot(CRON, new Date("2024-03-08T22:41:30Z")).toISOString()).toBe("2024-03-08T22:41:00.000Z");
    expect(tradingDateFor({ date: "", schedule: CRON, startedAt: new Date("2024-03-08T22:41:30Z") })).toBe("2024-03-08");
  });

  it("a run GitHub starts late, even after the next close, still trades the slot's day", () => {
    const lateStart = new Date("2024-03-11T21:30:00Z"); // Monday 17:30 in New York: Monday has closed
    expect(intendedTradingDate(lateStart)).toBe("2024-03-11");
    expect(intendedSlot(CRON, lateStart).toISOString()).toBe("2024-03-08T22:41:00.000Z");
    expect(tradingDateFor({ date: "", schedule: CRON, startedAt: lateStart })).toBe("2024-03-08");
  });

  it("a slot on an exchange holiday maps to the last close before it; an explicit date wins; a manual run uses the clock", () => {
    expect(tradingDateFor({ date: "", schedule: CRON, startedAt: new Date("2024-07-04T23:00:00Z") })).toBe("2024-07-03");
    expect(tradingDateFor({ date: "2023-06-01", schedule: CRON, startedAt: new Date("2024-03-08T23:00:00Z") })).toBe("2023-06-01");
    expect(tradingDateFor({ date: "", schedule: "", startedAt: new Date("2024-03-08T23:00:00Z") })).toBe("2024-03-08");
  });

  it("rejects cron syntax it cannot read, naming the field", () => {
    expect(() => intendedSlot("*/5 22 * * 1-5", new Date())).toThrow(/field 1/);
    expect(() => intendedSlot("41 22 * *", new Date())).toThrow(/5-field/);
  });
});
