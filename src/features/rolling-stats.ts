/**
 * Trailing-window statistics in one pass: the value at t uses values[t − window + 1 … t] only, and is NaN
 * while that window holds fewer than `window` finite values.
 */

interface TrailingMoments {
  mean: Float64Array;
  /** Sample variance (n − 1), as pandas' rolling std computes it. */
  variance: Float64Array;
}

/**
 * Running sums keep the pass O(n), and one plain loop keeps it fast even before the JIT warms up (the
 * pipeline featurizes once per run). Values are shifted by the first finite value so that series far
 * from zero (log volume ≈ 17) keep their precision in the sum of squares.
 */
function trailingMoments(values: Float64Array, window: number): TrailingMoments {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
  const n = values.length;
  const mean = new Float64Array(n).fill(Number.NaN);
  const variance = new Float64Array(n).fill(Number.NaN);
  let shift = Number.NaN;
  let sum = 0;
  let sumOfSquares = 0;
  let missing = 0;
  for (let t = 0; t < n; t++) {
    const x = values[t]!;
    if (Number.isFinite(x)) {
      if (Number.isNaN(shift)) shift = x;
      const d = x - shift;
      sum += d;
      sumOfSquares += d * d;
    } else {
      missing += 1;
    }
    if (t >= window) {
      const old = values[t - window]!;
      if (Number.isFinite(old)) {
        const d = old - shift;
        sum -= d;
        sumOfSquares -= d * d;
      } else {
        missing -= 1;
      }
    }
    if (t < window - 1 || missing > 0) continue;
    mean[t] = shift + sum / window;
    if (window < 2) continue;
    const raw = (sumOfSquares - (sum * sum) / window) / (window - 1);
    // Cancellation leaves crumbs of about 1e-16 × the mean square where the true variance is 0.
    variance[t] = raw <= 1e-12 * (sumOfSquares / window) ? 0 : raw;
  }
  return { mean, variance };
}

function checkSpread(window: number, what: string): void {
  if (window < 2) throw new RangeError(`${what} needs a window of at least 2, got ${window}`);
}

export function rollingMean(values: Float64Array, window: number): Float64Array {
  return trailingMoments(values, window).mean;
}

/** Sample standard deviation (n − 1) over the trailing window; needs window ≥ 2. */
export function rollingStd(values: Float64Array, window: number): Float64Array {
  checkSpread(window, "a standard deviation");
  const { variance } = trailingMoments(values, window);
  for (let t = 0; t < variance.length; t++) variance[t] = Math.sqrt(variance[t]!);
  return variance;
}

/**
 * (x_t − mean) / std over the trailing window that includes x_t. A flat window (std 0) scores 0: the value
 * is exactly typical, and a division by zero would poison every later scaler and model.
 */
export function rollingZScore(values: Float64Array, window: number): Float64Array {
  checkSpread(window, "a z-score");
  const { mean, variance } = trailingMoments(values, window);
  const out = new Float64Array(values.length);
  for (let t = 0; t < values.length; t++) {
    const std = Math.sqrt(variance[t]!);
    out[t] = std === 0 ? 0 : (values[t]! - mean[t]!) / std;
  }
  return out;
}
