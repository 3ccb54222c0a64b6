import { describe, expect, it } from "vitest";
import { informationRatio, ranks, returnMetrics } from "../../src/evaluate/return-metrics.js";

describe("metrics on log returns", () => {
  // predicted 1 %, −2 %, 3 %, 0; realized 2 %, −1 %, −1 %, 1 %.
  const predicted = [0.01, -0.02, 0.03, 0];
  const realized = [0.02, -0.01, -0.01, 0.01];

  it("matches the hand arithmetic", () => {
    const m = returnMetrics(predicted, realized);
    // errors −1, −1, +4, −1 %: MAE 7/4 % = 175 bp; RMSE √(19/4) % = 217.945 bp
    expect(m.mae_bp).toBeCloseTo(175, 10);
    expect(m.rmse_bp).toBeCloseTo(Math.sqrt(19 / 4) * 100, 10);
    // mean realized 0.25 %; SST = (1.75² + 1.25² + 1.25² + 0.75²) %² = (3.0625 + 1.5625 + 1.5625 + 0.5625) %² = 6.75 %²; R² = 1 − 19/6.75
    expect(m.r2).toBeCloseTo(1 - 19 / 6.75, 10);
    // cov = 0.5 %², var(pred) = 13 %², var(real) = 6.75 %²: IC = 0.5/√(13 · 6.75) = 0.053376
    expect(m.ic).toBeCloseTo(0.5 / Math.sqrt(13 * 6.75), 10);
    // ranks 3 1 4 2 and 4 1.5 1.5 3: ρ = 0.5/√(5 · 4.5) = 0.105409
    expect(m.rank_ic).toBeCloseTo(0.5 / Math.sqrt(22.5), 10);
    // a zero prediction counts as "not up"
    expect(m.direction).toEqual({ up_up: 1, up_down: 1, down_up: 1, down_down: 1 });
  });

  it("has no IC for a constant forecast (naive)", () => {
    expect(returnMetrics([0, 0, 0, 0], realized)).toMatchObject({ ic: null, rank_ic: null });
  });

  it("ranks ties at their average rank", () => {
    expect(Array.from(ranks([0.02, -0.01, -0.01, 0.01]))).toEqual([4, 1.5, 1.5, 3]);
  });

  it("ICIR is the mean over the sample sd of the fold ICs", () => {
    // fold 1: perfectly aligned (IC 1); fold 2: IC 0.053376 as above
    const { fold_ics, icir } = informationRatio([1, 2, 3, ...predicted], [2, 4, 6, ...realized], [3, 4]);
    expect(fold_ics[0]).toBeCloseTo(1, 12);
    const mean = (1 + fold_ics[1]!) / 2;
    const sd = Math.abs(1 - fold_ics[1]!) / Math.sqrt(2);
    expect(icir).toBeCloseTo(mean / sd, 10);
  });
});
