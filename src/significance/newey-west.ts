/**
 * Newey–West truncation lag for n loss differentials of h-step forecasts: at least h − 1 (an optimal
 * h-step forecast error is MA(h − 1), the Diebold–Mariano rule), and at least floor(4 (n/100)^(2/9))
 * (Newey & West 1994), because daily loss differentials are autocorrelated through volatility clustering
 * even at h = 1. Decision 0016.
 */
export function neweyWestLag(n: number, horizon: number): number {
  const automatic = Math.floor(4 * (n / 100) ** (2 / 9));
  return Math.min(Math.max(horizon - 1, automatic, 0), Math.max(0, n - 1));
}

/** Long-run variance γ₀ + 2 Σₖ₌₁..L (1 − k/(L+1)) γₖ, autocovariances over n (Bartlett weights keep it ≥ 0). */
export function longRunVariance(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += values[t]!;
  const mean = sum / n;
  const autocovariance = (k: number) => {
    let total = 0;
    for (let t = k; t < n; t++) total += (values[t]! - mean) * (values[t - k]! - mean);
    return total / n;
  };
  let variance = autocovariance(0);
  for (let k = 1; k <= lag; k++) variance += 2 * (1 - k / (lag + 1)) * autocovariance(k);
  return variance;
}
