import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itWithShared, realPrices } from "../support/real-prices.js";
import { intendedTradingDate, isTradingDay, nextTradingDay, previousTradingDay, tradingDaysBetween } from "../../src/trading/market-calendar.js";

describe("NYSE market calendar", () => {
  for (const ticker of realPrices.tickers) {
    it(`matches every date of the ${realPrices.origin} ${ticker} file`, () => {
      const fileDates = readFileSync(realPrices.path(ticker), "utf8").trim().split("\n").slice(1).map((line) => line.slice(0, 10));
      expect(fileDates.length).toBeGreaterThan(1000);
      const calendar = tradingDaysBetween(fileDates[0]!, fileDates.at(-1)!);
      const known = new Set(calendar);
      const inFile = new Set(fileDates);
      const missing = fileDates.filter((date) => !known.has(date));
      const extra = calendar.filter((date) => !inFile.has(date));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      expect(calendar).toEqual(fileDates);
    });
  }

  itWithShared("matches the shared AAPL file's 24 years, 2000-01-03 … 2024-03-08", () => {
    const fileDates = readFileSync(realPrices.path("AAPL"), "utf8").trim().split("\n").slice(1).map((line) => line.slice(0, 10));
    expect([fileDates[0], fileDates.at(-1)]).toEqual(["2000-01-03", "2024-03-08"]);
    expect(tradingDaysBetween("2000-01-03", "2024-03-08")).toEqual(fileDates);
  });

  it("2017 and 2023 have the same trading days but Good Friday and Juneteenth (tests on the embedded prices use 2017 for 2023)", () => {
    const monthDays = (year: number) => tradingDaysBetween(`${year}-01-01`, `${year}-12-31`).map((date) => date.slice(5));
    const unlike = ["04-07", "04-14", "06-19"];
    expect(monthDays(2017).filter((date) => !unlike.includes(date))).toEqual(monthDays(2023).filter((date) => !unlike.includes(date)));
  });

  it("knows weekends, observed holidays and special closures", () => {
    expect(isTradingDay("2024-03-09")).toBe(false); // Saturday
    expect(isTradingDay("2022-12-26")).toBe(false); // Christmas observed on Monday
    expect(isTradingDay("2021-12-31")).toBe(true); // New Year's Day 2022 on a Saturday: not moved back
    expect(isTradingDay("2021-06-18")).toBe(true); // Juneteenth before 2022
    expect(isTradingDay("2022-06-20")).toBe(false); // Juneteenth observed
    expect(isTradingDay("2024-03-29")).toBe(false); // Good Friday
    expect(isTradingDay("2025-01-09")).toBe(false); // Carter
    expect(isTradingDay("2025-11-27")).toBe(false); // Thanksgiving
    expect(nextTradingDay("2024-03-28")).toBe("2024-04-01");
    expect(previousTradingDay("2024-01-02")).toBe("2023-12-29");
  });

  it("picks the intended date from the New York close, so a late run trades the right day", () => {
    expect(intendedTradingDate(new Date("2024-03-08T21:30:00Z"))).toBe("2024-03-08"); // after close (EST)
    expect(intendedTradingDate(new Date("2024-03-08T20:30:00Z"))).toBe("2024-03-07"); // before close (EST)
    expect(intendedTradingDate(new Date("2024-03-09T01:30:00Z"))).toBe("2024-03-08"); // after midnight UTC
    expect(intendedTradingDate(new Date("2024-03-11T12:00:00Z"))).toBe("2024-03-08"); // Monday morning, a day late
    expect(intendedTradingDate(new Date("2024-07-05T20:15:00Z"))).toBe("2024-07-05"); // EDT close at 20:00 UTC
    expect(intendedTradingDate(new Date("2024-07-04T22:00:00Z"))).toBe("2024-07-03"); // Independence Day: the day before
  });
});
