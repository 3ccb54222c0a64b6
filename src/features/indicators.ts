/**
 * Technical indicators over a daily series. Each returns a series as long as its input, where the value at
 * t is computed from inputs at indices ≤ t only, and NaN while the indicator is not defined yet.
 */
import { rollingMean } from "./rolling-stats.js";

export { rollingMean as simpleMovingAverage, rollingStd, rollingZScore } from "./rolling-stats.js";

/** r[t] = ln(close[t] / close[t − 1]); r[0] is NaN. */
export function logReturns(close: Float64Array): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN);
  for (let t = 1; t < close.length; t++) out[t] = Math.log(close[t]! / close[t - 1]!);
  return out;
}

/** out[t] = values[t − lag]; NaN for the first `lag` entries. */
export function lagged(values: Float64Array, lag: number): Float64Array {
  if (!Number.isInteger(lag) || lag < 0) throw new RangeError(`lag must be a non-negative integer, got ${lag}`);
  const out = new Float64Array(values.length).fill(Number.NaN);
  for (let t = lag; t < values.length; t++) out[t] = values[t - lag]!;
  return out;
}

/** close / SMA(close, window) − 1. */
export function movingAverageRatio(close: Float64Array, window: number): Float64Array {
  const average = rollingMean(close, window);
  const out = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) out[t] = close[t]! / average[t]! - 1;
  return out;
}

/**
 * EMA with α = 2 / (span + 1), seeded with the simple mean of the first `span` finite values (as TA-Lib
 * does), so the first value is defined at first + span − 1 and does not depend on an arbitrary start.
 * Leading NaNs are skipped; a NaN after the first finite value propagates.
 */
export function exponentialMovingAverage(values: Float64Array, span: number): Float64Array {
  if (!Number.isInteger(span) || span < 1) throw new RangeError(`span must be a positive integer, got ${span}`);
  const out = new Float64Array(values.length).fill(Number.NaN);
  let first = 0;
  while (first < values.length && !Number.isFinite(values[first]!)) first += 1;
  if (first + span > values.length) return out;
  let seed = 0;
  for (let t = first; t < first + span; t++) seed += values[t]!;
  let ema = seed / span;
  out[first + span - 1] = ema;
  const alpha = 2 / (span + 1);
  for (let t = first + span; t < values.length; t++) {
    ema += alpha * (values[t]! - ema);
    out[t] = ema;
  }
  return out;
}

/**
 * Wilder's RSI in [0, 100]: average gain and loss over the first `period` changes, then smoothed with
 * weight 1/period. First defined at t = period. A window with no change at all scores 50.
 */
export function relativeStrengthIndex(close: Float64Array, period: number): Float64Array {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`period must be a positive integer, got ${period}`);
  const out = new Float64Array(close.length).fill(Number.NaN);
  if (close.length <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let t = 1; t <= period; t++) {
    const change = close[t]! - close[t - 1]!;
    if (change > 0) gain += change;
    else loss -= change;
  }
  gain /= period;
  loss /= period;
  out[period] = strength(gain, loss);
  for (let t = period + 1; t < close.length; t++) {
    const change = close[t]! - close[t - 1]!;
    gain = (gain * (period - 1) + (change > 0 ? change : 0)) / period;
    loss = (loss * (period - 1) + (change < 0 ? -change : 0)) / period;
    out[t] = strength(gain, loss);
  }
  return out;
}

/** 100 − 100 / (1 + gain/loss), written so that loss = 0 needs no special case. */
function strength(gain: number, loss: number): number {
  const total = gain + loss;
  return total === 0 ? 50 : (100 * gain) / total;
}

export interface MacdSpans {
  fast: number;
  slow: number;
  signal: number;
}

export interface Macd {
  /** EMA(fast) − EMA(slow), defined from t = slow − 1. */
  line: Float64Array;
  /** EMA(signal) of the line, defined from t = slow + signal − 2. */
  signal: Float64Array;
  /** line − signal. */
  histogram: Float64Array;
}

export function macd(close: Float64Array, spans: MacdSpans): Macd {
  const fast = exponentialMovingAverage(close, spans.fast);
  const slow = exponentialMovingAverage(close, spans.slow);
  const line = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) line[t] = fast[t]! - slow[t]!;
  const signal = exponentialMovingAverage(line, spans.signal);
  const histogram = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) histogram[t] = line[t]! - signal[t]!;
  return { line, signal, histogram };
}
