import { z } from "zod";
import { DataError } from "../errors.js";
import type { RowRange } from "../features/feature-table.js";
import type { Logger } from "../logger/logger.js";
import type { Model, TrainingSummary } from "./model.js";
import { encodeJson, readJsonFile, type ModelFiles } from "./model-files.js";

export const RIDGE_FILE = "ridge.json";

const ridgeFileSchema = z
  .strictObject({
    kind: z.literal("ridge"),
    alpha: z.number().min(0),
    intercept: z.number(),
    coefficients: z.array(z.number()).min(1),
    feature_count: z.number().int().positive(),
  })
  .refine((file) => file.coefficients.length === file.feature_count, {
    message: "coefficients must hold one number per feature (feature_count)",
    path: ["coefficients"],
  });
const RIDGE_SHAPE = '{"kind": "ridge", "alpha", "intercept", "coefficients": [one per feature], "feature_count"}';

export interface RidgeFit {
  intercept: number;
  coefficients: Float64Array;
  samples: number;
}

/** Linear model fitted in closed form: (XᶜᵀXᶜ + αI)β = Xᶜᵀyᶜ on centered data, so the intercept is not penalized. */
export class RidgeModel implements Model {
  readonly kind = "ridge" as const;
  readonly firstPredictableRow = 0;

  constructor(
    readonly alpha: number,
    readonly intercept: number,
    readonly coefficients: Float64Array,
    readonly training: TrainingSummary,
  ) {}

  static train(scaled: Float64Array[], target: Float64Array, train: RowRange, alpha: number, logger?: Logger): RidgeModel {
    const started = performance.now();
    const fit = fitRidge(scaled, target, train, alpha, logger);
    const elapsedMs = performance.now() - started;
    return new RidgeModel(alpha, fit.intercept, fit.coefficients, {
      backend: "typescript",
      epochs: 1,
      samples: fit.samples,
      elapsedMs,
      samplesPerSecond: elapsedMs > 0 ? fit.samples / (elapsedMs / 1000) : 0,
    });
  }

  static load(files: ModelFiles): RidgeModel {
    const file = readJsonFile(files, RIDGE_FILE, ridgeFileSchema, RIDGE_SHAPE);
    return new RidgeModel(file.alpha, file.intercept, Float64Array.from(file.coefficients), {
      backend: "typescript",
      epochs: 0,
      samples: 0,
      elapsedMs: 0,
      samplesPerSecond: 0,
    });
  }

  async predict(scaled: Float64Array[], rows: readonly number[]): Promise<Float64Array> {
    const out = new Float64Array(rows.length);
    const width = this.coefficients.length;
    for (let k = 0; k < rows.length; k++) {
      const x = scaled[rows[k]!];
      if (!x) {
        out[k] = Number.NaN;
        continue;
      }
      if (x.length !== width) throw new DataError(`ridge model expects ${width} features per row, got ${x.length}`, { field: "features" });
      let sum = this.intercept;
      for (let j = 0; j < width; j++) sum += this.coefficients[j]! * x[j]!;
      out[k] = sum;
    }
    return out;
  }

  async serialize(): Promise<ModelFiles> {
    const file = {
      kind: "ridge",
      alpha: this.alpha,
      intercept: this.intercept,
      coefficients: Array.from(this.coefficients),
      feature_count: this.coefficients.length,
    };
    return new Map([[RIDGE_FILE, encodeJson(file)]]);
  }
}

export function fitRidge(scaled: Float64Array[], target: Float64Array, range: RowRange, alpha: number, logger?: Logger): RidgeFit {
  const { columns, y } = usableColumns(scaled, target, range);
  const samples = y.length;
  if (samples === 0) throw new DataError("no training row has both finite features and a known target", { field: "split.train" });
  const p = columns.length;
  const xMean = Float64Array.from(columns, centerInPlace);
  const yMean = centerInPlace(y);
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    rhs[a] = dot(columns[a]!, y);
    for (let b = a; b < p; b++) gram[a * p + b] = gram[b * p + a] = dot(columns[a]!, columns[b]!);
    gram[a * p + a]! += alpha;
  }
  const coefficients = solveSymmetric(gram, rhs, p, alpha, logger);
  let intercept = yMean;
  for (let a = 0; a < p; a++) intercept -= coefficients[a]! * xMean[a]!;
  return { intercept, coefficients, samples };
}

/**
 * Rows with a known target and finite features, copied column-major: every Gram entry then is a
 * contiguous dot product, several times faster than updating the matrix row by row.
 */
function usableColumns(scaled: Float64Array[], target: Float64Array, range: RowRange): { columns: Float64Array[]; y: Float64Array } {
  const end = Math.min(range.end, scaled.length);
  const capacity = Math.max(0, end - range.start);
  const width = scaled[range.start]?.length ?? 0;
  const columns = Array.from({ length: width }, () => new Float64Array(capacity));
  const y = new Float64Array(capacity);
  let count = 0;
  for (let i = range.start; i < end; i++) {
    const x = scaled[i]!;
    if (x.length !== width) throw new DataError(`row ${i} has ${x.length} features, expected ${width}`, { field: "features" });
    const value = target[i]!;
    // NaN and ±Infinity times 0 are NaN, so one sum tells whether the whole row is finite.
    let poison = value * 0;
    for (let a = 0; a < width; a++) {
      const v = x[a]!;
      columns[a]![count] = v;
      poison += v * 0;
    }
    if (poison !== 0) continue;
    y[count++] = value;
  }
  return { columns: columns.map((column) => column.subarray(0, count)), y: y.subarray(0, count) };
}

/** Subtracts the mean and returns it. */
function centerInPlace(values: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k]!;
  const mean = sum / values.length;
  for (let k = 0; k < values.length; k++) values[k]! -= mean;
  return mean;
}

function dot(u: Float64Array, v: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < u.length; k += 4) {
    s0 += u[k]! * v[k]!;
    s1 += u[k + 1]! * v[k + 1]!;
    s2 += u[k + 2]! * v[k + 2]!;
    s3 += u[k + 3]! * v[k + 3]!;
  }
  for (; k < u.length; k++) s0 += u[k]! * v[k]!;
  return s0 + s1 + (s2 + s3);
}

/** Cholesky solve; with α = 0 and collinear features (one-hot days) a tiny jitter makes the system solvable. */
export function solveSymmetric(matrix: Float64Array, rhs: Float64Array, p: number, alpha: number, logger?: Logger): Float64Array {
  const factor = cholesky(matrix, p);
  if (factor) return choleskySolve(factor, rhs, p);
  if (alpha > 0) throw new DataError("ridge normal equations are not positive definite (features contain NaN or Infinity?)", { field: "model.alpha" });
  let trace = 0;
  for (let a = 0; a < p; a++) trace += matrix[a * p + a]!;
  const jitter = Math.max((trace / p) * 1e-10, Number.MIN_VALUE);
  const regularized = Float64Array.from(matrix);
  for (let a = 0; a < p; a++) regularized[a * p + a]! += jitter;
  const retry = cholesky(regularized, p);
  if (!retry) throw new DataError("ridge normal equations are singular; set model.alpha above 0", { field: "model.alpha" });
  logger?.warn(`ridge: features are collinear with alpha = 0; added ${jitter.toExponential(2)} to the diagonal`);
  return choleskySolve(retry, rhs, p);
}

/** Lower-triangular L with LLᵀ = matrix, or undefined when the matrix is not positive definite. */
function cholesky(matrix: Float64Array, p: number): Float64Array | undefined {
  const lower = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * p + k]! * lower[j * p + k]!;
      if (i === j) {
        if (!(sum > 0)) return undefined;
        lower[i * p + i] = Math.sqrt(sum);
      } else {
        lower[i * p + j] = sum / lower[j * p + j]!;
      }
    }
  }
  return lower;
}

function choleskySolve(lower: Float64Array, rhs: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = rhs[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i * p + k]! * z[k]!;
    z[i] = sum / lower[i * p + i]!;
  }
  const beta = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < p; k++) sum -= lower[k * p + i]! * beta[k]!;
    beta[i] = sum / lower[i * p + i]!;
  }
  return beta;
}
