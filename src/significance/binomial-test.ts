import jStat from "jstat";
import { DataError } from "../errors.js";

/**
 * Exact two-sided binomial test of k successes in n trials against probability p: the sum of the
 * probabilities of every outcome no more likely than k (as scipy.stats.binomtest does).
 */
export function binomialTest(k: number, n: number, p: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new DataError(`expected 0 ≤ k ≤ n (integers), got k ${k}, n ${n}`, { field: "binomial" });
  if (n === 0) return 1;
  const observed = logPmf(k, n, p);
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const log = logPmf(i, n, p);
    // relative tolerance as in scipy: outcomes equally likely up to rounding count as "as extreme"
    if (log <= observed + 1e-7) total += Math.exp(log);
  }
  return Math.min(1, total);
}

function logPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  return jStat.gammaln(n + 1) - jStat.gammaln(k + 1) - jStat.gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

export interface PairedHits {
  /** Days forecast a was right and forecast b wrong. */
  onlyA: number;
  /** Days forecast b was right and forecast a wrong. */
  onlyB: number;
}

/** Exact McNemar test: on the days exactly one of two forecasts was right, is each equally likely to be the one? */
export function mcNemarExact({ onlyA, onlyB }: PairedHits): number {
  return binomialTest(onlyA, onlyA + onlyB, 0.5);
}
