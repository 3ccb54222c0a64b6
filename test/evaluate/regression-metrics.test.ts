import { describe, expect, it } from "vitest";
import { regressionMetrics, skillVsNaive } from "../../src/evaluate/regression-metrics.js";
import { DataError } from "../../src/errors.js";

// Five decision days, written out by hand. Predicted price = close · exp(predicted log return),
// so the predicted returns below are log(predicted price / close).
const close = [100, 102, 101, 105, 104];
const actualClose = [102, 101, 105, 104, 108];
const predictedPrice = [101, 103, 102, 104, 106];
const predictedReturn = predictedPrice.map((price, i) => Math.log(price / close[i]!));

describe("regressionMetrics", () => {
  it("matches hand-computed MAE, RMSE, MAPE, R² and hit rate", () => {
    const metrics = regressionMetrics({ close, actualClose, predictedReturn });
    // errors (predicted − actual): −1, +2, −3, 0, −2
    // MAE  = (1 + 2 + 3 + 0 + 2) / 5 = 8 / 5 = 1.6
    expect(metrics.mae).toBeCloseTo(1.6, 10);
    // RMSE = √((1 + 4 + 9 + 0 + 4) / 5) = √3.6
    expect(metrics.rmse).toBeCloseTo(Math.sqrt(3.6), 10);
    expect(metrics.rmse).toBeCloseTo(1.8973665961, 9);
    // MAPE = 100 · (1/102 + 2/101 + 3/105 + 0/104 + 2/108) / 5 = 1.533916978 %
    expect(metrics.mape).toBeCloseTo(1.533916978, 8);
    // mean actual = 520 / 5 = 104; SS_tot = 4 + 9 + 1 + 0 + 16 = 30; SS_res = 18; R² = 1 − 18/30 = 0.4
    expect(metrics.r2).toBeCloseTo(0.4, 10);
    // predicted up: up, up, up, down, up; actual up: up, down, up, down, up → 4 of 5 agree
    expect(metrics.hit_rate).toBe(0.8);
    expect(metrics.n).toBe(5);
  });

  it("scores the naive zero prediction as 'not up', a hit on every flat or falling day", () => {
    const naive = regressionMetrics({ close, actualClose, predictedReturn: [0, 0, 0, 0, 0] });
    // errors (close − actual): −2, +1, −4, +1, −4 → MAE 12/5, RMSE √(38/5)
    expect(naive.mae).toBeCloseTo(2.4, 10);
    expect(naive.rmse).toBeCloseTo(Math.sqrt(7.6), 10);
    // MAPE = 100 · (2/102 + 1/101 + 4/105 + 1/104 + 4/108) / 5
    expect(naive.mape).toBeCloseTo(2.285129858, 8);
    // R² = 1 − 38/30, worse than predicting the mean
    expect(naive.r2).toBeCloseTo(1 - 38 / 30, 10);
    // actual falls on rows 2 and 4 only
    expect(naive.hit_rate).toBe(0.4);
    // skill of the hand model: 1 − 1.6/2.4 = 1/3
    expect(skillVsNaive(1.6, naive.mae)).toBeCloseTo(1 / 3, 10);
  });

  it("counts a flat day as a hit for a zero prediction and a miss for an 'up' prediction", () => {
    expect(regressionMetrics({ close: [50], actualClose: [50], predictedReturn: [0] }).hit_rate).toBe(1);
    expect(regressionMetrics({ close: [50], actualClose: [50], predictedReturn: [0.01] }).hit_rate).toBe(0);
  });

  it("reports a negative skill for a model worse than naive", () => {
    expect(skillVsNaive(3, 2)).toBeCloseTo(-0.5, 12);
  });

  it("rejects empty or misaligned input and an undefined skill", () => {
    expect(() => regressionMetrics({ close: [], actualClose: [], predictedReturn: [] })).toThrow(DataError);
    expect(() => regressionMetrics({ close: [1, 2], actualClose: [1], predictedReturn: [0, 0] })).toThrow(/equal lengths/);
    expect(() => skillVsNaive(1, 0)).toThrow(/skill vs naive is undefined/);
  });
});
