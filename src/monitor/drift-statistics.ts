import { DataError } from "../errors.js";

/** A feature's train distribution as stored in features.json: bin edges at the train ventiles and each bin's share of train rows. */
export interface ReferenceHistogram {
  /** Ascending; bin 0 is (−∞, edges[0]), bin k is [edges[k−1], edges[k]), the last bin [edges.at(-1), ∞). */
  edges: number[];
  fractions: number[];
}

export interface DriftThresholds {
  psi_threshold: number;
  ks_threshold: number;
  ks_alpha: number;
}

export interface FeatureDrift {
  feature: string;
  psi: number;
  /** Largest gap between the two empirical CDFs, taken at the reference bin edges. */
  ks: number;
  /** Two-sample KS critical value at `ks_alpha` for these sample sizes. */
  ks_critical: number;
  drifted: boolean;
}

/** Proportions are floored at this before the logarithm, so an empty bin gives a large but finite PSI. */
const PSI_FLOOR = 1e-4;

/** Share of `values` in each reference bin. */
export function binFractions(edges: readonly number[], values: ArrayLike<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(edges, values[i]!)]! += 1;
  return counts.map((count) => count / Math.max(1, values.length));
}

function binOf(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (value >= edges[middle]!) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Population stability index Σ (a − e) · ln(a / e) over the bins (Siddiqi, Credit Risk Scorecards, 2006). */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new DataError(`PSI needs the same bins on both sides, got ${expected.length} and ${actual.length}`, { field: "histogram" });
  let psi = 0;
  for (let k = 0; k < expected.length; k++) {
    const e = Math.max(PSI_FLOOR, expected[k]!);
    const a = Math.max(PSI_FLOOR, actual[k]!);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/**
 * Kolmogorov–Smirnov distance between two binned distributions: max over the bin edges of |F_ref − F_recent|.
 * The reference keeps only its binned CDF, so this is the exact KS statistic restricted to the edges (a lower bound of the full one).
 */
export function binnedKsStatistic(expected: readonly number[], actual: readonly number[]): number {
  let cumulativeExpected = 0;
  let cumulativeActual = 0;
  let distance = 0;
  for (let k = 0; k < expected.length - 1; k++) {
    cumulativeExpected += expected[k]!;
    cumulativeActual += actual[k]!;
    distance = Math.max(distance, Math.abs(cumulativeExpected - cumulativeActual));
  }
  return distance;
}

/** c(α) · √((n + m) / (n · m)), with c(α) = √(−ln(α / 2) / 2): the large-sample critical value of the two-sample KS test. */
export function ksCriticalValue(alpha: number, n: number, m: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

/**
 * PSI and KS of one feature's recent values against its train histogram. It has drifted when both agree:
 * PSI at or above its threshold, and a KS distance above both its effect-size floor and the test's critical value.
 */
export function featureDrift(feature: string, reference: ReferenceHistogram, referenceRows: number, recent: ArrayLike<number>, thresholds: DriftThresholds): FeatureDrift {
  const actual = binFractions(reference.edges, recent);
  const psi = populationStabilityIndex(reference.fractions, actual);
  const ks = binnedKsStatistic(reference.fractions, actual);
  const shrink = effectiveSampleShare(lagOneAutocorrelation(recent));
  const ksCritical = ksCriticalValue(thresholds.ks_alpha, Math.max(2, referenceRows * shrink), Math.max(2, recent.length * shrink));
  const drifted = psi >= thresholds.psi_threshold && ks >= Math.max(thresholds.ks_threshold, ksCritical);
  return { feature, psi, ks, ks_critical: ksCritical, drifted };
}

/** Lag-1 autocorrelation of a window (0 for a constant one). */
export function lagOneAutocorrelation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 3) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let variance = 0;
  let covariance = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    variance += d * d;
    if (i > 0) covariance += d * (values[i - 1]! - mean);
  }
  return variance === 0 ? 0 : covariance / variance;
}

/**
 * n_eff / n = (1 − ρ) / (1 + ρ) for an AR(1)-like series: rolling indicators (a 20-day volatility, a 50-day
 * moving-average ratio) repeat most of yesterday's value, so 250 days of them hold far fewer independent
 * observations than 250, and a KS test that ignored it would call every calm year a drift.
 */
export function effectiveSampleShare(rho: number): number {
  const clamped = Math.min(0.999, Math.max(0, rho));
  return (1 - clamped) / (1 + clamped);
}
