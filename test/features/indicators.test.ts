import { describe, expect, it } from "vitest";
import { dayOfWeek } from "../../src/features/day-of-week.js";
import {
  exponentialMovingAverage,
  lagged,
  logReturns,
  macd,
  movingAverageRatio,
  relativeStrengthIndex,
  rollingStd,
  rollingZScore,
  simpleMovingAverage,
} from "../../src/features/indicators.js";

const series = (...values: number[]) => Float64Array.from(values);

/** Compares element by element, NaN only where NaN is expected. */
function expectSeries(actual: Float64Array, expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, t) => {
    if (Number.isNaN(value)) expect(actual[t], `index ${t}`).toBeNaN();
    else expect(actual[t], `index ${t}`).toBeCloseTo(value, digits);
  });
}

// 20 closes, hand-picked to have up days, down days, a flat day and a run.
const closes20 = [
  44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0, 46.03,
  46.41, 46.22, 45.64,
];

/** Wilder's RSI written the textbook way, as a reference: RS = average gain / average loss. */
function referenceRsi(closes: number[], period: number): number[] {
  const out = closes.map(() => Number.NaN);
  const gains = closes.map((c, t) => (t === 0 ? 0 : Math.max(c - closes[t - 1]!, 0)));
  const losses = closes.map((c, t) => (t === 0 ? 0 : Math.max(closes[t - 1]! - c, 0)));
  let averageGain = gains.slice(1, period + 1).reduce((a, b) => a + b, 0) / period;
  let averageLoss = losses.slice(1, period + 1).reduce((a, b) => a + b, 0) / period;
  for (let t = period; t < closes.length; t++) {
    if (t > period) {
      averageGain = (averageGain * (period - 1) + gains[t]!) / period;
      averageLoss = (averageLoss * (period - 1) + losses[t]!) / period;
    }
    out[t] = averageLoss === 0 ? 100 : 100 - 100 / (1 + averageGain / averageLoss);
  }
  return out;
}

/** EMA the textbook way: seed = mean of the first span values, then α·x + (1 − α)·previous. */
function referenceEma(values: number[], span: number): number[] {
  const out = values.map(() => Number.NaN);
  const first = values.findIndex((x) => Number.isFinite(x));
  const alpha = 2 / (span + 1);
  let previous = values.slice(first, first + span).reduce((a, b) => a + b, 0) / span;
  out[first + span - 1] = previous;
  for (let t = first + span; t < values.length; t++) {
    previous = alpha * values[t]! + (1 - alpha) * previous;
    out[t] = previous;
  }
  return out;
}

/** Sample std over the window ending at t, by the definition. */
function referenceStd(values: number[], window: number): number[] {
  return values.map((_, t) => {
    if (t < window - 1) return Number.NaN;
    const slice = values.slice(t - window + 1, t + 1);
    if (slice.some((x) => !Number.isFinite(x))) return Number.NaN;
    const mean = slice.reduce((a, b) => a + b, 0) / window;
    return Math.sqrt(slice.reduce((a, x) => a + (x - mean) ** 2, 0) / (window - 1));
  });
}

describe("log returns and lags", () => {
  it("ln(close_t / close_t−1), undefined on the first day", () => {
    expectSeries(logReturns(series(1, Math.E, Math.E ** 3, Math.E ** 2)), [Number.NaN, 1, 2, -1]);
  });

  it("shifts values later by the lag", () => {
    expectSeries(lagged(series(1, 2, 3, 4), 2), [Number.NaN, Number.NaN, 1, 2]);
    expectSeries(lagged(series(1, 2, 3), 0), [1, 2, 3]);
  });
});

describe("moving averages", () => {
  it("simple moving average over the trailing window", () => {
    expectSeries(simpleMovingAverage(series(1, 2, 3, 4, 5), 3), [Number.NaN, Number.NaN, 2, 3, 4]);
  });

  it("a window touching a NaN is NaN, and recovers once the NaN has left it", () => {
    expectSeries(simpleMovingAverage(series(Number.NaN, 2, 4, 6), 2), [Number.NaN, Number.NaN, 3, 5]);
  });

  it("moving-average ratio = close / MA − 1", () => {
    // MA3 at t=2 is (10 + 11 + 15) / 3 = 12, so 15 / 12 − 1 = 0.25; at t=3 it is 13, 13 / 13 − 1 = 0.
    expectSeries(movingAverageRatio(series(10, 11, 15, 13), 3), [Number.NaN, Number.NaN, 0.25, 0]);
  });

  it("EMA seeded with the mean of its first span values, then α = 2 / (span + 1)", () => {
    // span 3 → α = 0.5: seed (2 + 4 + 6) / 3 = 4; then 4 + 0.5·(8 − 4) = 6; 6 + 0.5·(10 − 6) = 8.
    expectSeries(exponentialMovingAverage(series(2, 4, 6, 8, 10), 3), [Number.NaN, Number.NaN, 4, 6, 8]);
  });

  it("EMA skips leading NaNs and matches the textbook recursion on 20 closes", () => {
    expectSeries(exponentialMovingAverage(series(Number.NaN, ...closes20), 5), referenceEma([Number.NaN, ...closes20], 5));
  });
});

describe("RSI (Wilder)", () => {
  it("matches values worked out by hand for period 3", () => {
    // changes +1, −0.5, +1, −0.5, +1
    // t=3: gain 2/3, loss 1/6 → 100·(2/3)/(5/6) = 80
    // t=4: gain (2·2/3)/3 = 4/9, loss (2·1/6 + 0.5)/3 = 5/18 → 100·8/13
    // t=5: gain (2·4/9 + 1)/3 = 17/27, loss (2·5/18)/3 = 5/27 → 100·17/22
    expectSeries(relativeStrengthIndex(series(10, 11, 10.5, 11.5, 11, 12), 3), [
      Number.NaN,
      Number.NaN,
      Number.NaN,
      80,
      800 / 13,
      1700 / 22,
    ]);
  });

  it("matches a textbook reference loop on a 20-value series", () => {
    expectSeries(relativeStrengthIndex(series(...closes20), 14), referenceRsi(closes20, 14));
    expectSeries(relativeStrengthIndex(series(...closes20), 5), referenceRsi(closes20, 5));
  });

  it("is 100 when prices only rise, 0 when they only fall, 50 when flat", () => {
    expect(relativeStrengthIndex(series(1, 2, 3, 4), 2)[3]).toBe(100);
    expect(relativeStrengthIndex(series(4, 3, 2, 1), 2)[3]).toBe(0);
    expect(relativeStrengthIndex(series(5, 5, 5, 5), 2)[3]).toBe(50);
  });
});

describe("MACD", () => {
  it("line = EMA(fast) − EMA(slow), signal = EMA of the line, histogram = line − signal", () => {
    const fast = referenceEma(closes20, 3);
    const slow = referenceEma(closes20, 6);
    const line = fast.map((value, t) => value - slow[t]!);
    const signal = referenceEma(line, 4);
    const result = macd(series(...closes20), { fast: 3, slow: 6, signal: 4 });
    expectSeries(result.line, line);
    expectSeries(result.signal, signal);
    expectSeries(result.histogram, line.map((value, t) => value - signal[t]!));
    // defined from slow − 1 and slow + signal − 2
    expect(Number.isNaN(result.line[4]!) && !Number.isNaN(result.line[5]!)).toBe(true);
    expect(Number.isNaN(result.signal[7]!) && !Number.isNaN(result.signal[8]!)).toBe(true);
  });
});

describe("rolling standard deviation and z-score", () => {
  it("sample std by hand: windows [1, 2, 4] and [2, 4, 7]", () => {
    // means 7/3 and 13/3; squared deviations 42/9 and 114/9; divided by n − 1 = 2
    expectSeries(rollingStd(series(1, 2, 4, 7), 3), [Number.NaN, Number.NaN, Math.sqrt(7 / 3), Math.sqrt(19 / 3)]);
  });

  it("matches the definition on log returns of 20 closes", () => {
    const returns = logReturns(series(...closes20));
    expectSeries(rollingStd(returns, 10), referenceStd(Array.from(returns), 10), 14);
  });

  it("stays accurate for values far from zero over thousands of steps", () => {
    const values = Float64Array.from({ length: 6000 }, (_, t) => 17 + Math.sin(t * 0.7) * 0.3 + t * 1e-4);
    const expected = referenceStd(Array.from(values), 20);
    const actual = rollingStd(values, 20);
    for (const t of [19, 100, 3000, 5999]) expect(actual[t]).toBeCloseTo(expected[t]!, 11);
  });

  it("z-score of the last value against its own window; a flat window scores 0", () => {
    // t=2: window [1, 2, 4], mean 7/3, std √(7/3): (4 − 7/3) / √(7/3)
    const z = rollingZScore(series(1, 2, 4, 5, 5, 5), 3);
    expect(z[2]).toBeCloseTo(5 / 3 / Math.sqrt(7 / 3), 12);
    expect(z[5]).toBe(0);
    expect(rollingZScore(series(Math.log1p(0), Math.log1p(0), Math.log1p(0)), 3)[2]).toBe(0);
  });
});

describe("day of week", () => {
  it("known dates", () => {
    expect(dayOfWeek("2000-01-03")).toBe(1); // Monday
    expect(dayOfWeek("2024-02-29")).toBe(4); // Thursday, leap day
    expect(dayOfWeek("1970-01-01")).toBe(4);
    expect(dayOfWeek("2026-11-21")).toBe(6);
  });

  it("agrees with Date on every day of 1999–2026", () => {
    const wrong: string[] = [];
    const day = new Date(Date.UTC(1999, 0, 1));
    while (day.getUTCFullYear() < 2027) {
      const iso = day.toISOString().slice(0, 10);
      if (dayOfWeek(iso) !== day.getUTCDay()) wrong.push(iso);
      day.setUTCDate(day.getUTCDate() + 1);
    }
    expect(wrong).toEqual([]);
  });

  it("rejects text that is not a date", () => {
    expect(() => dayOfWeek("2024-13-01")).toThrow(/YYYY-MM-DD/);
    expect(() => dayOfWeek("yesterday")).toThrow(/YYYY-MM-DD/);
  });
});
