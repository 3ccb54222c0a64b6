import { describe, expect, it } from "vitest";
import type { PriceBar } from "../../src/data/price-series.js";
import { maxDrawdown, runBacktest } from "../../src/evaluate/backtest.js";
import { DataError } from "../../src/errors.js";

const bar = (date: string, open: number): PriceBar => ({ date, open, high: open, low: open, close: open, volume: 1000 });

// Eight trading days; each decision at close Dk fills at open Dk+1 and is valued at open Dk+2.
const D = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11"];
const opens = [50, 100, 110, 99, 108.9, 98.01, 88.209, 92.61945];
// open-to-open moves from D2 on: +10 %, −10 %, +10 %, −10 %, −10 %, +5 %
const bars = opens.map((open, i) => bar(D[i]!, open));
// decisions D1..D7; D7's fill (D8) has no next open in the data, so it is never filled
const dates = D.slice(0, 7);
const predictions = [0.01, -0.02, 0.03, 0.01, -0.01, 0.02, 0.05];
// positions (threshold 0): 1, 0, 1, 1, 0, 1 (and 1 for D7, unfilled)

describe("runBacktest (long/flat, decide at close t, fill at open t+1)", () => {
  it("matches the hand-computed equity, trades, exposure, drawdown, Sharpe and Sortino without fees", () => {
    const result = runBacktest({ dates, predictions, bars, threshold: 0, feeBps: 0 });
    const s = result.summary;
    // daily returns: held +10 %, flat 0, held +10 %, held −10 %, flat 0, held +5 %
    const r = [0.1, 0, 0.1, -0.1, 0, 0.05];
    expect(result.days.map((day) => day.return)).toEqual(r.map((value) => expect.closeTo(value, 12)));
    // equity: 1.1, 1.1, 1.21, 1.089, 1.089, 1.14345
    expect(result.days.map((day) => day.equity)).toEqual([1.1, 1.1, 1.21, 1.089, 1.089, 1.14345].map((v) => expect.closeTo(v, 12)));
    expect(s.total_return).toBeCloseTo(0.14345, 12);
    expect(s.days).toBe(6);
    // fills: buy D2, sell D3, buy D4, sell D6, buy D7 → 5; round trips: D2–D3, D4–D6, and D7 still open
    expect(s.trades).toBe(5);
    expect(s.round_trips).toBe(3);
    // trip returns: +10 %, 1.1 · 0.9 − 1 = −1 %, +5 % (open, marked at the last open) → 2 of 3 win
    expect(s.win_rate).toBeCloseTo(2 / 3, 12);
    expect(s.exposure).toBeCloseTo(4 / 6, 12);
    // peak 1.21, trough 1.089: 1 − 1.089/1.21 = 0.1
    expect(s.max_drawdown).toBeCloseTo(0.1, 12);
    // mean = 0.15/6 = 0.025; squared deviations sum to 0.02875; sample variance = 0.02875/5 = 0.00575
    expect(s.sharpe).toBeCloseTo((0.025 / Math.sqrt(0.00575)) * Math.sqrt(252), 10);
    expect(s.sharpe).toBeCloseTo(5.2337, 4);
    // downside deviation over all 6 days = √(0.1² / 6)
    expect(s.sortino).toBeCloseTo((0.025 / Math.sqrt(0.01 / 6)) * Math.sqrt(252), 10);
    expect(s.cagr).toBeCloseTo(1.14345 ** (252 / 6) - 1, 8);
    // buy at open D2 (100), value at open D8 (92.61945)
    expect(s.buy_and_hold_return).toBeCloseTo(-0.0738055, 12);
    expect(result.unfilled).toEqual(["2024-01-10"]);
    expect(Array.from(result.positions)).toEqual([1, 0, 1, 1, 0, 1, 1]);
    expect(result.curve.map((point) => point.date)).toEqual(D.slice(1));
    expect(result.curve[0]).toEqual({ date: "2024-01-03", equity: 1, buyAndHold: 1 });
    expect(result.curve.at(-1)!.buyAndHold).toBeCloseTo(0.9261945, 12);
  });

  it("charges fee_bps on every fill and buy-and-hold's single entry", () => {
    const fee = 0.001; // 10 bps
    const result = runBacktest({ dates, predictions, bars, threshold: 0, feeBps: 10 });
    // five fills, each multiplying equity by (1 − fee)
    expect(result.summary.total_return).toBeCloseTo(1.14345 * (1 - fee) ** 5 - 1, 12);
    expect(result.days[1]!.return).toBeCloseTo(-fee, 12); // the exit fill on an otherwise flat day
    expect(result.summary.buy_and_hold_return).toBeCloseTo((1 - fee) * 0.9261945 - 1, 12);
    // trips: 1.1·(1−f)² − 1 > 0, (1−f)·1.1·0.9·(1−f) − 1 < 0, (1−f)·1.05 − 1 > 0
    expect(result.summary.win_rate).toBeCloseTo(2 / 3, 12);
  });

  it("holds only when the prediction is strictly above the threshold", () => {
    const result = runBacktest({ dates, predictions, bars, threshold: 0.01, feeBps: 0 });
    // 0.01 is not above 0.01: positions 0, 0, 1, 0, 0, 1 → +10 % on D4–D5 and +5 % on D7–D8
    expect(Array.from(result.positions).slice(0, 6)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(result.summary.total_return).toBeCloseTo(1.1 * 1.05 - 1, 12);
    expect(result.summary.trades).toBe(3);
  });

  it("never invested: zero return, no Sharpe, Sortino or win rate", () => {
    const result = runBacktest({ dates, predictions: dates.map(() => 0), bars, threshold: 0, feeBps: 0 });
    expect(result.summary).toMatchObject({ total_return: 0, exposure: 0, trades: 0, round_trips: 0, sharpe: null, sortino: null, win_rate: null, max_drawdown: 0 });
  });

  it("rejects dates missing from the bars, out of order, and non-finite predictions", () => {
    expect(() => runBacktest({ dates: ["2023-12-29"], predictions: [0.1], bars, threshold: 0, feeBps: 0 })).toThrow(DataError);
    expect(() => runBacktest({ dates: [D[1]!, D[0]!], predictions: [0, 0], bars, threshold: 0, feeBps: 0 })).toThrow(/ascend/);
    expect(() => runBacktest({ dates: [D[0]!], predictions: [Number.NaN], bars, threshold: 0, feeBps: 0 })).toThrow(/finite/);
    expect(() => runBacktest({ dates: [D[0]!], predictions: [0, 0], bars, threshold: 0, feeBps: 0 })).toThrow(/one prediction per decision/);
  });

  it("measures drawdown from the running peak", () => {
    expect(maxDrawdown([1, 2, 1, 3, 1.5, 2.9])).toBeCloseTo(0.5, 12);
    expect(maxDrawdown([1, 1.1, 1.2])).toBe(0);
  });
});

describe("Sharpe over a risk-free rate", () => {
  it("subtracts the daily rate from the mean, not from the deviations", async () => {
    const { sharpeRatio, dailyRate } = await import("../../src/evaluate/backtest.js");
    // returns 1 %, 2 %, 3 %: mean 2 %, sample sd 1 %; over a daily 1 %: (2 % − 1 %)/1 % · √252 = 15.8745
    expect(sharpeRatio([0.01, 0.02, 0.03], 0.01)).toBeCloseTo(Math.sqrt(252), 10);
    expect(sharpeRatio([0.01, 0.02, 0.03])).toBeCloseTo(2 * Math.sqrt(252), 10);
    // 4 % a year compounds to (1.04)^(1/252) − 1 a day
    expect((1 + dailyRate(0.04)) ** 252).toBeCloseTo(1.04, 12);
  });
});

describe("total return with dividends (Adj Close vs Close)", () => {
  it("reinvests a dividend whose ex-date falls inside a held day, for the strategy and buy-and-hold alike", () => {
    // Adj Close / Close is 0.98 up to D4 and 1 from D5 on: a 2 % dividend goes ex on D5.
    const withAdj = bars.map((b, i) => ({ ...b, adjClose: b.close * (i < 4 ? 0.98 : 1) }));
    const s = runBacktest({ dates, predictions, bars: withAdj, threshold: 0, feeBps: 0 }).summary;
    // the day filled at D4 and valued at D5 is held (position 1 decided at D3) and crosses the ex-date
    const factor = 1 / 0.98;
    expect(s.total_return).toBeCloseTo(0.14345, 12);
    expect(s.total_return_with_dividends).toBeCloseTo(1.14345 * factor - 1, 12);
    expect(s.buy_and_hold_return_with_dividends).toBeCloseTo((1 + s.buy_and_hold_return) * factor - 1, 12);
  });

  it("is null when the prices have no Adj Close", () => {
    const s = runBacktest({ dates, predictions, bars, threshold: 0, feeBps: 0 }).summary;
    expect(s).toMatchObject({ total_return_with_dividends: null, buy_and_hold_return_with_dividends: null });
  });
});
