import { describe, expect, it } from "vitest";
import { dieboldMariano } from "../../src/significance/diebold-mariano.js";
import { longRunVariance, neweyWestLag } from "../../src/significance/newey-west.js";

// Forecast errors on six days, worked by hand (fractions kept exact until the last step).
const modelErrors = [1, -2, 3, -1, 2, -1];
const naiveErrors = [2, -1, -3, 2, -3, 1];

describe("Diebold–Mariano with the Harvey–Leybourne–Newbold correction", () => {
  it("absolute loss, lag 0: matches the hand arithmetic", () => {
    // |e_model| = 1 2 3 1 2 1, |e_naive| = 2 1 3 2 3 1, d = −1 1 0 −1 −1 0, d̄ = −2/6 = −1/3.
    // d − d̄ = −2/3 4/3 1/3 −2/3 −2/3 1/3; γ₀ = (4 + 16 + 1 + 4 + 4 + 1)/9 / 6 = 30/54 = 5/9.
    // DM = d̄ / √(γ₀/n) = (−1/3) / √(5/54); HLN factor √((n + 1 − 2h + h(h−1)/n)/n) = √(5/6) at h = 1;
    // DM* = −(1/3)·√(54/5 · 5/6) = −(1/3)·√9 = −1 exactly. p = 2·P(T₅ ≤ −1) = 2 · 0.181609 = 0.363217
    // (Student t table, 5 df).
    const result = dieboldMariano(modelErrors, naiveErrors, { loss: "absolute", horizon: 1, lag: 0 });
    expect(result.n).toBe(6);
    expect(result.mean_difference).toBeCloseTo(-1 / 3, 14);
    expect(result.statistic).toBeCloseTo(-1, 12);
    expect(result.p_value).toBeCloseTo(0.363217, 6);
  });

  it("absolute loss, lag 2 with Bartlett weights: matches the hand arithmetic", () => {
    // With u = d − d̄ as above: γ₁ = (u₂u₁ + u₃u₂ + u₄u₃ + u₅u₄ + u₆u₅)/6 = (−8 + 4 − 2 + 4 − 2)/9/6 = −2/27,
    // γ₂ = (u₃u₁ + u₄u₂ + u₅u₃ + u₆u₄)/6 = (−2 − 8 − 2 − 2)/9/6 = −7/27.
    // Weights 1 − k/(L+1): 2/3 and 1/3. LRV = 5/9 + 2(2/3·(−2/27) + 1/3·(−7/27)) = 45/81 − 22/81 = 23/81.
    // DM = (−1/3)/√(23/81/6) = −1.532262; DM* = DM·√(5/6) = −1.398757; p = 2·P(T₅ ≤ −1.398757) = 0.220754.
    expect(longRunVariance([-1, 1, 0, -1, -1, 0], 2)).toBeCloseTo(23 / 81, 14);
    const result = dieboldMariano(modelErrors, naiveErrors, { loss: "absolute", horizon: 1, lag: 2 });
    expect(result.statistic).toBeCloseTo(-1.398757, 6);
    expect(result.p_value).toBeCloseTo(0.220754, 5);
  });

  it("squared loss, lag 0: matches the hand arithmetic", () => {
    // e² model = 1 4 9 1 4 1, naive = 4 1 9 4 9 1, d = −3 3 0 −3 −5 0, d̄ = −8/6 = −4/3.
    // u = −5/3 13/3 4/3 −5/3 −11/3 4/3, Σu² = (25 + 169 + 16 + 25 + 121 + 16)/9 = 372/9, γ₀ = 372/54.
    // DM = (−4/3)/√(372/324) = −24/√372 = −1.244338; DM* = −24·√(5/6)/√372 = −1.135924; p = 0.307485.
    const result = dieboldMariano(modelErrors, naiveErrors, { loss: "squared", horizon: 1, lag: 0 });
    expect(result.mean_difference).toBeCloseTo(-4 / 3, 14);
    expect(result.statistic).toBeCloseTo(-1.135924, 6);
    expect(result.p_value).toBeCloseTo(0.307485, 5);
  });

  it("the HLN factor depends on the horizon", () => {
    // h = 2, lag 0 forced: factor √((6 + 1 − 4 + 2/6)/6) = √(10/18) = 0.745356, so DM* = −1.095445·0.745356 = −0.816497.
    const result = dieboldMariano(modelErrors, naiveErrors, { loss: "absolute", horizon: 2, lag: 0 });
    expect(result.statistic).toBeCloseTo(-Math.sqrt(54 / 5) / 3 * Math.sqrt(10 / 18), 12);
    expect(result.statistic).toBeCloseTo(-0.816497, 6);
  });

  it("swapping the forecasts flips the sign and keeps the p-value", () => {
    const ab = dieboldMariano(modelErrors, naiveErrors, { loss: "absolute", horizon: 1 });
    const ba = dieboldMariano(naiveErrors, modelErrors, { loss: "absolute", horizon: 1 });
    expect(ba.statistic).toBeCloseTo(-ab.statistic!, 12);
    expect(ba.p_value).toBeCloseTo(ab.p_value, 12);
  });

  it("identical forecasts: no difference, p = 1", () => {
    const result = dieboldMariano(modelErrors, modelErrors, { loss: "squared", horizon: 1 });
    expect(result).toMatchObject({ mean_difference: 0, statistic: 0, p_value: 1 });
  });

  it("refuses unpaired errors with a clear message", () => {
    expect(() => dieboldMariano([1, 2, 3], [1, 2], { loss: "absolute", horizon: 1 })).toThrow(/same days, got 3 and 2/);
  });
});

describe("Newey–West lag rule", () => {
  it("is max(h − 1, floor(4 (n/100)^(2/9)))", () => {
    // n = 6: 4·0.06^(2/9) = 4·0.5352 = 2.14 → 2. n = 906: 4·9.06^(2/9) = 4·1.632 = 6.53 → 6. n = 100: exactly 4.
    expect(neweyWestLag(6, 1)).toBe(2);
    expect(neweyWestLag(906, 1)).toBe(6);
    expect(neweyWestLag(100, 1)).toBe(4);
    expect(neweyWestLag(100, 10)).toBe(9);
  });
});
