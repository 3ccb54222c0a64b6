/**
 * Trailing-window statistics in one pass: the value at t uses values[t − window + 1 … t] only, and is NaN
 * while that window holds fewer than `window` finite values.
 */

/**
 * A running sum keeps the pass O(n). Values are shifted by the first finite value so that series far from
 * zero (log volume ≈ 17) keep their precision in the sum of squares.
 */
class TrailingWindow {
  private sum = 0;
  private sumOfSquares = 0;
  private missing = 0;
  private shift = Number.NaN;

  constructor(
    private readonly values: Float64Array,
    readonly size: number,
  ) {}

  /** Slides the window so that it ends at index t. */
  advanceTo(t: number): void {
    this.add(this.values[t]!);
    if (t >= this.size) this.remove(this.values[t - this.size]!);
  }

  isFull(t: number): boolean {
    return t >= this.size - 1 && this.missing === 0;
  }

  mean(): number {
    return this.shift + this.sum / this.size;
  }

  /** Sample variance (n − 1), as pandas' rolling std computes it. */
  variance(): number {
    const meanSquare = this.sumOfSquares / this.size;
    const raw = (this.sumOfSquares - (this.sum * this.sum) / this.size) / (this.size - 1);
    // Cancellation leaves crumbs of about 1e-16 × meanSquare where the true variance is 0.
    return raw <= 1e-12 * meanSquare ? 0 : raw;
  }

  private add(x: number): void {
    if (!Number.isFinite(x)) {
      this.missing += 1;
      return;
    }
    if (Number.isNaN(this.shift)) this.shift = x;
    const d = x - this.shift;
    this.sum += d;
    this.sumOfSquares += d * d;
  }

  private remove(x: number): void {
    if (!Number.isFinite(x)) {
      this.missing -= 1;
      return;
    }
    const d = x - this.shift;
    this.sum -= d;
    this.sumOfSquares -= d * d;
  }
}

function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
}

export function rollingMean(values: Float64Array, window: number): Float64Array {
  checkWindow(window);
  const out = new Float64Array(values.length).fill(Number.NaN);
  const trailing = new TrailingWindow(values, window);
  for (let t = 0; t < values.length; t++) {
    trailing.advanceTo(t);
    if (trailing.isFull(t)) out[t] = trailing.mean();
  }
  return out;
}

/** Sample standard deviation (n − 1) over the trailing window; needs window ≥ 2. */
export function rollingStd(values: Float64Array, window: number): Float64Array {
  checkWindow(window);
  if (window < 2) throw new RangeError(`a standard deviation needs a window of at least 2, got ${window}`);
  const out = new Float64Array(values.length).fill(Number.NaN);
  const trailing = new TrailingWindow(values, window);
  for (let t = 0; t < values.length; t++) {
    trailing.advanceTo(t);
    if (trailing.isFull(t)) out[t] = Math.sqrt(trailing.variance());
  }
  return out;
}

/**
 * (x_t − mean) / std over the trailing window that includes x_t. A flat window (std 0) scores 0: the value
 * is exactly typical, and a division by zero would poison every later scaler and model.
 */
export function rollingZScore(values: Float64Array, window: number): Float64Array {
  checkWindow(window);
  if (window < 2) throw new RangeError(`a z-score needs a window of at least 2, got ${window}`);
  const out = new Float64Array(values.length).fill(Number.NaN);
  const trailing = new TrailingWindow(values, window);
  for (let t = 0; t < values.length; t++) {
    trailing.advanceTo(t);
    if (!trailing.isFull(t)) continue;
    const std = Math.sqrt(trailing.variance());
    out[t] = std === 0 ? 0 : (values[t]! - trailing.mean()) / std;
  }
  return out;
}
