import { DataError } from "../../errors.js";
import type { RowRange } from "../../features/feature-table.js";

/**
 * Rows a network can learn from: a known target, at or after the first row with a full window,
 * and finite features in every row of that window.
 */
export function trainableRows(scaled: Float64Array[], target: Float64Array, range: RowRange, window: number): Int32Array {
  const badBefore = new Int32Array(scaled.length + 1);
  for (let i = 0; i < scaled.length; i++) badBefore[i + 1] = badBefore[i]! + (scaled[i]!.every(Number.isFinite) ? 0 : 1);
  const rows: number[] = [];
  const start = Math.max(range.start, window - 1);
  const end = Math.min(range.end, scaled.length);
  for (let i = start; i < end; i++) {
    if (!Number.isFinite(target[i]!)) continue;
    if (badBefore[i + 1]! - badBefore[i + 1 - window]! > 0) continue;
    rows.push(i);
  }
  return Int32Array.from(rows);
}

/**
 * One contiguous Float32Array of shape [rows, window, features] (window 1 = plain feature rows), the row's
 * own features last, so a sequence model only ever sees days up to the one it predicts from.
 */
export function windowedInputs(scaled: Float64Array[], rows: ArrayLike<number>, window: number, featureCount: number): Float32Array {
  const out = new Float32Array(rows.length * window * featureCount);
  let offset = 0;
  for (let k = 0; k < rows.length; k++) {
    const last = rows[k]!;
    for (let day = last - window + 1; day <= last; day++) {
      const x = scaled[day];
      if (!x || x.length !== featureCount) {
        throw new DataError(`row ${day} has ${x?.length ?? 0} features, the model expects ${featureCount}`, { field: "features" });
      }
      out.set(x, offset);
      offset += featureCount;
    }
  }
  return out;
}

export interface TargetScale {
  mean: number;
  std: number;
}

/** Networks train on a standardized target: log returns are ~1e-2, which makes losses and step sizes awkward. */
export function fitTargetScale(target: Float64Array, rows: Int32Array): TargetScale {
  let sum = 0;
  for (const row of rows) sum += target[row]!;
  const mean = rows.length > 0 ? sum / rows.length : 0;
  let squares = 0;
  for (const row of rows) squares += (target[row]! - mean) ** 2;
  const std = rows.length > 1 ? Math.sqrt(squares / rows.length) : 0;
  return { mean, std: std > 0 ? std : 1 };
}

export function scaledTargets(target: Float64Array, rows: Int32Array, scale: TargetScale): Float32Array {
  const out = new Float32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = (target[rows[k]!]! - scale.mean) / scale.std;
  return out;
}
