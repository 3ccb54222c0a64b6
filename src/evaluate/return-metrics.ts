/** Metrics on log returns: what the models forecast, comparable across tickers and years (decision 0016). */
export interface ReturnMetrics {
  /** Mean absolute error of the predicted log return, in basis points. */
  mae_bp: number;
  rmse_bp: number;
  /** 1 − SSE/SST around the mean realized return; below 0 is worse than predicting that mean. */
  r2: number;
  /** Pearson correlation of predicted and realized returns; null when either does not vary (naive). */
  ic: number | null;
  /** Spearman correlation (average ranks for ties); null when either does not vary. */
  rank_ic: number | null;
  /** Predicted up (> 0) or not, against realized up or not. */
  direction: { up_up: number; up_down: number; down_up: number; down_down: number };
  n: number;
}

export function returnMetrics(predicted: ArrayLike<number>, realized: ArrayLike<number>): ReturnMetrics {
  const n = predicted.length;
  let abs = 0;
  let squares = 0;
  let realizedSum = 0;
  const direction = { up_up: 0, up_down: 0, down_up: 0, down_down: 0 };
  for (let t = 0; t < n; t++) {
    const error = predicted[t]! - realized[t]!;
    abs += Math.abs(error);
    squares += error * error;
    realizedSum += realized[t]!;
    const key = `${predicted[t]! > 0 ? "up" : "down"}_${realized[t]! > 0 ? "up" : "down"}` as keyof typeof direction;
    direction[key] += 1;
  }
  const mean = realizedSum / n;
  let total = 0;
  for (let t = 0; t < n; t++) total += (realized[t]! - mean) ** 2;
  return {
    mae_bp: (abs / n) * 10_000,
    rmse_bp: Math.sqrt(squares / n) * 10_000,
    r2: total === 0 ? 0 : 1 - squares / total,
    ic: pearson(predicted, realized),
    rank_ic: pearson(ranks(predicted), ranks(realized)),
    direction,
    n,
  };
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  if (n < 2) return null;
  let meanA = 0;
  let meanB = 0;
  for (let t = 0; t < n; t++) {
    meanA += a[t]!;
    meanB += b[t]!;
  }
  meanA /= n;
  meanB /= n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let t = 0; t < n; t++) {
    const da = a[t]! - meanA;
    const db = b[t]! - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  // a constant forecast (naive) has no correlation to speak of; relative tolerance for rounding
  if (varA <= 1e-30 || varB <= 1e-30) return null;
  return cov / Math.sqrt(varA * varB);
}

/** Ranks 1..n, ties sharing their average rank (as scipy.stats.spearmanr). */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((x, y) => values[x]! - values[y]!);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let k = i; k <= j; k++) out[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** IC per walk-forward fold, and ICIR = mean / sample sd of those ICs (null with fewer than two defined). */
export function informationRatio(predicted: ArrayLike<number>, realized: ArrayLike<number>, foldSizes: readonly number[]) {
  const ics: number[] = [];
  let offset = 0;
  for (const size of foldSizes) {
    const ic = pearson(Array.prototype.slice.call(predicted, offset, offset + size) as number[], Array.prototype.slice.call(realized, offset, offset + size) as number[]);
    if (ic !== null) ics.push(ic);
    offset += size;
  }
  if (ics.length < 2) return { fold_ics: ics, icir: null };
  const mean = ics.reduce((s, v) => s + v, 0) / ics.length;
  const sd = Math.sqrt(ics.reduce((s, v) => s + (v - mean) ** 2, 0) / (ics.length - 1));
  return { fold_ics: ics, icir: sd > 0 ? mean / sd : null };
}
