import { mulberry32 } from "../models/seeded-random.js";

export interface BootstrapInterval {
  estimate: number | null;
  low: number | null;
  high: number | null;
}

export interface BlockBootstrapOptions {
  /** Series resampled together (same days drawn for each), e.g. strategy and buy-and-hold daily returns. */
  series: readonly (readonly number[])[];
  statistic: (resampled: readonly Float64Array[]) => number | null;
  blockLength: number;
  replicates: number;
  seed: number;
  /** Two-sided coverage, e.g. 0.95. */
  level: number;
}

/** Block length ⌈n^(1/3)⌉: the order Hall, Horowitz & Jing (1995) find optimal for variance and intervals. */
export function defaultBlockLength(n: number): number {
  return Math.max(1, Math.ceil(Math.cbrt(n)));
}

/**
 * Moving-block bootstrap (Künsch 1989) percentile interval: each replicate concatenates blocks of
 * consecutive days starting at uniformly drawn days until it is n days long, so serial dependence
 * within a block is kept. Seeded: the same inputs give the same interval.
 */
export function blockBootstrap(options: BlockBootstrapOptions): BootstrapInterval {
  const { series, statistic, replicates, level } = options;
  const n = series[0]?.length ?? 0;
  const estimate = n === 0 ? null : statistic(series.map((values) => Float64Array.from(values)));
  if (n < 2) return { estimate, low: null, high: null };
  const blockLength = Math.min(options.blockLength, n);
  const random = mulberry32(options.seed);
  const sources = series.map((values) => Float64Array.from(values));
  // one buffer per series, refilled for every replicate: the statistic must not keep it
  const buffers = series.map(() => new Float64Array(n));
  const draws: number[] = [];
  for (let r = 0; r < replicates; r++) {
    for (let filled = 0; filled < n; ) {
      const start = Math.floor(random() * (n - blockLength + 1));
      const take = Math.min(blockLength, n - filled);
      for (let s = 0; s < sources.length; s++) buffers[s]!.set(sources[s]!.subarray(start, start + take), filled);
      filled += take;
    }
    const value = statistic(buffers);
    if (value !== null && Number.isFinite(value)) draws.push(value);
  }
  if (draws.length === 0) return { estimate, low: null, high: null };
  draws.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { estimate, low: quantile(draws, tail), high: quantile(draws, 1 - tail) };
}

/** Linear interpolation between order statistics (numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
