import { DataError } from "../errors.js";
import type { Logger } from "../logger/logger.js";
import { solveSymmetric, type RidgeFit } from "./ridge-model.js";

/**
 * Running sums Σx, Σy, Σxxᵀ, Σxy over the rows added (and not removed), so a walk-forward refit costs
 * O(p²) per new row plus one p×p solve instead of a pass over every row: (XᶜᵀXᶜ + αI)β = Xᶜᵀyᶜ with the
 * centered Gram matrix Σxxᵀ − n·x̄x̄ᵀ, exactly the system `fitRidge` builds.
 */
export class RidgeAccumulator {
  private n = 0;
  private readonly sumX: Float64Array;
  private sumY = 0;
  private readonly sumXX: Float64Array;
  private readonly sumXY: Float64Array;

  constructor(readonly width: number) {
    this.sumX = new Float64Array(width);
    this.sumXX = new Float64Array(width * width);
    this.sumXY = new Float64Array(width);
  }

  get samples(): number {
    return this.n;
  }

  /** Adds (sign 1) or removes (sign −1) a row; rows with a non-finite feature or target are ignored, as `fitRidge` does. */
  update(x: Float64Array, y: number, sign: 1 | -1 = 1): boolean {
    if (x.length !== this.width) throw new DataError(`row has ${x.length} features, expected ${this.width}`, { field: "features" });
    let poison = y * 0;
    for (let a = 0; a < this.width; a++) poison += x[a]! * 0;
    if (poison !== 0) return false;
    const p = this.width;
    this.n += sign;
    this.sumY += sign * y;
    for (let a = 0; a < p; a++) {
      const xa = sign * x[a]!;
      this.sumX[a]! += xa;
      this.sumXY[a]! += xa * y;
      const offset = a * p;
      for (let b = a; b < p; b++) this.sumXX[offset + b]! += xa * x[b]!;
    }
    return true;
  }

  solve(alpha: number, logger?: Logger): RidgeFit {
    const p = this.width;
    const n = this.n;
    if (n === 0) throw new DataError("no fitting row has both finite features and a known target", { field: "split.train" });
    const gram = new Float64Array(p * p);
    const rhs = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      const meanA = this.sumX[a]! / n;
      rhs[a] = this.sumXY[a]! - meanA * this.sumY;
      for (let b = a; b < p; b++) gram[a * p + b] = gram[b * p + a] = this.sumXX[a * p + b]! - meanA * this.sumX[b]!;
      gram[a * p + a]! += alpha;
    }
    const coefficients = solveSymmetric(gram, rhs, p, alpha, logger);
    let intercept = this.sumY / n;
    for (let a = 0; a < p; a++) intercept -= (coefficients[a]! * this.sumX[a]!) / n;
    return { intercept, coefficients, samples: n };
  }
}
