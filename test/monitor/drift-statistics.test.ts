import { describe, expect, it } from "vitest";
import {
  binFractions,
  binnedKsStatistic,
  effectiveSampleShare,
  featureDrift,
  ksCriticalValue,
  lagOneAutocorrelation,
  populationStabilityIndex,
} from "../../src/monitor/drift-statistics.js";
import { measureStaleness } from "../../src/monitor/staleness.js";

const thresholds = { psi_threshold: 0.2, ks_threshold: 0.1, ks_alpha: 0.01 };

describe("drift statistics", () => {
  it("PSI by hand: 10 equal bins vs a sample moved by one bin gives Σ(a−e)ln(a/e)", () => {
    const expected = new Array(10).fill(0.1);
    const actual = [0.05, 0.05, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.15, 0.15];
    const byHand = 2 * (0.05 - 0.1) * Math.log(0.05 / 0.1) + 2 * (0.15 - 0.1) * Math.log(0.15 / 0.1);
    expect(populationStabilityIndex(expected, actual)).toBeCloseTo(byHand, 12);
    expect(populationStabilityIndex(expected, expected)).toBe(0);
  });

  it("an empty bin gives a large but finite PSI", () => {
    const psi = populationStabilityIndex([0.5, 0.5], [1, 0]);
    expect(Number.isFinite(psi)).toBe(true);
    expect(psi).toBeGreaterThan(2);
  });

  it("bins follow the histogram's half-open convention: [edge, next edge)", () => {
    expect(binFractions([0, 1], [-1, 0, 0.5, 1, 2])).toEqual([0.2, 0.4, 0.4]);
    expect(binFractions([0, 1], [])).toEqual([0, 0, 0]);
  });

  it("KS over the edges is the largest gap between the cumulative shares", () => {
    expect(binnedKsStatistic([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4])).toBeCloseTo(0.2, 12);
    expect(binnedKsStatistic([0.5, 0.5], [0.5, 0.5])).toBe(0);
  });

  it("KS critical value: c(0.05) = 1.358 for two samples of 100 gives 0.192 (tabulated large-sample value)", () => {
    expect(ksCriticalValue(0.05, 100, 100)).toBeCloseTo(1.3581 * Math.sqrt(2 / 100), 3);
  });

  it("a persistent series has fewer independent observations: ρ = 0.9 keeps 1/19 of them", () => {
    const persistent = Array.from({ length: 500 }, (_, i) => Math.sin(i / 20));
    expect(lagOneAutocorrelation(persistent)).toBeGreaterThan(0.99);
    expect(lagOneAutocorrelation([1, 1, 1, 1])).toBe(0);
    expect(effectiveSampleShare(0.9)).toBeCloseTo(0.1 / 1.9, 12);
    expect(effectiveSampleShare(-0.5)).toBe(1);
  });

  it("a feature drifts only when PSI and KS agree", () => {
    const reference = { edges: [-1, 0, 1], fractions: [0.16, 0.34, 0.34, 0.16] };
    const same = Array.from({ length: 400 }, (_, i) => [-1.5, -0.5, 0.5, 1.5][[0, 1, 1, 2, 2, 3][i % 6]!]!);
    const shifted = same.map((value) => value + 1);
    expect(featureDrift("x", reference, 3000, shifted, thresholds).drifted).toBe(true);
    const quiet = featureDrift("x", reference, 3000, same, thresholds);
    expect(quiet.psi).toBeLessThan(0.2);
    expect(quiet.drifted).toBe(false);
  });
});

describe("staleness", () => {
  const bars = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"].map((date) => ({ date, open: 1, high: 1, low: 1, close: 1, volume: 1 }));
  it("counts the price days after the champion's data ended, against the limit", () => {
    expect(measureStaleness(bars, "2024-01-02", 2)).toMatchObject({ new_days: 3, stale: true, latest_price_date: "2024-01-05", pinned_end: null });
    expect(measureStaleness(bars, "2024-01-03", 2)).toMatchObject({ new_days: 2, stale: false });
  });
  it("a branch that pins [data] end is never stale: retraining it would see the same prices", () => {
    expect(measureStaleness(bars, "2024-01-02", 2, "2024-01-02")).toMatchObject({ new_days: 3, stale: false, pinned_end: "2024-01-02" });
  });
});
