import { describe, expect, it } from "vitest";
import { binomialTest, mcNemarExact } from "../../src/significance/binomial-test.js";
import { blockBootstrap, defaultBlockLength } from "../../src/significance/block-bootstrap.js";
import { mulberry32 } from "../../src/models/seeded-random.js";

describe("exact binomial test", () => {
  it("7 of 10 at p = 0.5: 2·(C(10,7) + C(10,8) + C(10,9) + C(10,10))/2¹⁰ = 2·176/1024", () => {
    expect(binomialTest(7, 10, 0.5)).toBeCloseTo(352 / 1024, 12);
  });

  it("3 of 10 at p = 0.2 sums every outcome no likelier than 3 (scipy.stats.binomtest's rule)", () => {
    // P(3) = 0.201327; P(1) = 0.268435 and P(2) = 0.301990 are likelier, so p = 1 − P(1) − P(2) = 0.429575.
    const pmf = (k: number) => [1, 10, 45][k]! * 0.2 ** k * 0.8 ** (10 - k);
    expect(binomialTest(3, 10, 0.2)).toBeCloseTo(1 - pmf(1) - pmf(2), 10);
  });

  it("a 51.5 % hit rate on 906 days is not different from a coin", () => {
    expect(binomialTest(467, 906, 0.5)).toBeGreaterThan(0.3);
  });

  it("McNemar: 15 days only the model was right, 5 only always-up: p = 2·P(X ≤ 5 | 20, ½) = 0.041389", () => {
    expect(mcNemarExact({ onlyA: 15, onlyB: 5 })).toBeCloseTo(0.041389, 6);
    expect(mcNemarExact({ onlyA: 0, onlyB: 0 })).toBe(1);
  });
});

describe("moving-block bootstrap", () => {
  const noise = mulberry32(11);
  const returns = Array.from({ length: 500 }, () => 0.001 + 0.02 * (noise() - 0.5));
  const mean = (values: ArrayLike<number>) => Array.from(values).reduce((sum, v) => sum + v, 0) / values.length;

  it("is seeded: the same seed gives the same interval, another seed another one", () => {
    const run = (seed: number) => blockBootstrap({ series: [returns], statistic: ([r]) => mean(r!), blockLength: 8, replicates: 500, seed, level: 0.95 });
    expect(run(1)).toEqual(run(1));
    expect(run(1).low).not.toBe(run(2).low);
  });

  it("brackets the estimate, and the interval of a mean shrinks like 1/√n", () => {
    const interval = (n: number) => blockBootstrap({ series: [returns.slice(0, n)], statistic: ([r]) => mean(r!), blockLength: defaultBlockLength(n), replicates: 1000, seed: 7, level: 0.95 });
    const wide = interval(100);
    const narrow = interval(400);
    expect(wide.low!).toBeLessThan(wide.estimate!);
    expect(wide.high!).toBeGreaterThan(wide.estimate!);
    const ratio = (wide.high! - wide.low!) / (narrow.high! - narrow.low!);
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(3.5);
  });

  it("resamples paired series on the same days", () => {
    const result = blockBootstrap({ series: [returns, returns], statistic: ([a, b]) => mean(a!) - mean(b!), blockLength: 5, replicates: 200, seed: 3, level: 0.95 });
    expect(result).toEqual({ estimate: 0, low: 0, high: 0 });
  });
});
