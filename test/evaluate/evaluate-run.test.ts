import { describe, expect, it } from "vitest";
import { evaluateRun } from "../../src/evaluate/evaluate-run.js";
import { metricsFileSchema } from "../../src/evaluate/metrics-file.js";
import { DataError } from "../../src/errors.js";
import { fixtureInput } from "./fixture.js";

describe("evaluateRun", () => {
  it("scores model and baselines on the same rows and matches the hand values", () => {
    const { metrics } = evaluateRun(fixtureInput());
    expect(() => metricsFileSchema.parse(metrics)).not.toThrow();
    // test span: the five evaluable rows of the regression-metrics fixture; the last row has no next close
    expect(metrics.test).toMatchObject({ n: 5, hit_rate: 0.8 });
    expect(metrics.test.mae).toBeCloseTo(1.6, 10);
    expect(metrics.test.r2).toBeCloseTo(0.4, 10);
    expect(metrics.baselines.naive.mae).toBeCloseTo(2.4, 10);
    expect(metrics.baselines.naive.hit_rate).toBe(0.4);
    // ridge errors: −1.5, +1.5, −3.5, +0.5, −3.5 → MAE 10.5/5
    expect(metrics.baselines.ridge.mae).toBeCloseTo(2.1, 10);
    expect(metrics.skill_vs_naive).toBeCloseTo(1 - 1.6 / 2.4, 10);
    // validation: actual 99, 100, 100; model 99, 99, 101 → MAE 2/3; naive 98, 99, 100 → MAE 2/3
    expect(metrics.validation.mae).toBeCloseTo(2 / 3, 10);
    expect(metrics.validation_baselines.naive.mae).toBeCloseTo(2 / 3, 10);
    expect(metrics.validation_baselines.ridge.mae).toBeCloseTo(0.5, 10);
    expect(metrics.validation_skill_vs_naive).toBeCloseTo(0, 10);
    expect(metrics.rows).toEqual({
      train: { n: 3, first: "2024-01-02", last: "2024-01-04" },
      validation: { n: 3, first: "2024-01-05", last: "2024-01-07" },
      test: { n: 6, first: "2024-01-08", last: "2024-01-13" },
    });
    expect(metrics.model).toEqual({ kind: "mlp", params: expect.objectContaining({ hidden_units: [32, 16], epochs: 30 }), backend: "cpu" });
    expect(metrics).toMatchObject({ schema: 1, symbol: "TEST", team: "red", horizon: 1 });
  });

  it("backtests the model's test decisions: fills at the next open, last decisions unfilled", () => {
    const { metrics, backtest } = evaluateRun(fixtureInput());
    // positions 1, 1, 1, 0 on the four decisions with a full holding day: 100 → 102 → 101 → 105, then flat
    expect(metrics.backtest.total_return).toBeCloseTo(105 / 100 - 1, 12);
    // buy-and-hold: open 100 (first fill) to open 104 (last valuation)
    expect(metrics.backtest.buy_and_hold_return).toBeCloseTo(0.04, 12);
    expect(metrics.backtest).toMatchObject({ days: 4, trades: 2, round_trips: 1, win_rate: 1, exposure: 0.75, unfilled_decisions: 2 });
    expect(metrics.backtest.first_fill).toBe("2024-01-09");
    expect(metrics.backtest.last_valuation).toBe("2024-01-13");
    expect(backtest.curve).toHaveLength(5);
  });

  it("writes one prediction row per test row, blank where the future is unknown", () => {
    const { predictions } = evaluateRun(fixtureInput());
    expect(predictions.map((row) => row.date)).toEqual(["2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11", "2024-01-12", "2024-01-13"]);
    expect(predictions.map((row) => row.actualClose)).toEqual([102, 101, 105, 104, 108, Number.NaN]);
    expect(predictions.map((row) => row.position)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(predictions[0]!.equity).toBeCloseTo(1.02, 12);
    expect(predictions[3]!.equity).toBeCloseTo(1.05, 12);
    expect(predictions[3]!.buyHoldEquity).toBeCloseTo(1.04, 12);
    expect(predictions[4]!.equity).toBeNaN();
    expect(predictions[5]!.predModel).toBe(0.01);
  });

  it("tests the model against naive, a coin and always-up on the same test days", () => {
    const { metrics } = evaluateRun(fixtureInput());
    const significance = metrics.significance!;
    // Log-return errors on the five evaluable test rows: predicted log(101/100) … vs realized log(102/100) …
    const close = [100, 102, 101, 105, 104];
    const actual = [102, 101, 105, 104, 108];
    const predicted = [101, 103, 102, 104, 106];
    const realized = actual.map((a, i) => Math.log(a / close[i]!));
    const modelLoss = predicted.map((p, i) => Math.abs(Math.log(p / close[i]!) - realized[i]!));
    const naiveLoss = realized.map(Math.abs);
    const meanDifference = modelLoss.reduce((s, l, i) => s + l - naiveLoss[i]!, 0) / 5;
    expect(significance.vs_naive.n).toBe(5);
    expect(significance.vs_naive.absolute.mean_difference).toBeCloseTo(meanDifference, 14);
    expect(significance.vs_naive).toMatchObject({ first: "2024-01-08", last: "2024-01-12" });
    expect(significance.vs_naive.p_value).toBe(significance.vs_naive.absolute.p_value);
    // hits: 4 of 5 (hit_rate 0.8); up days 102, 105, 108 → always-up right 3 of 5
    expect(significance.hit_rate).toMatchObject({ n: 5, hits: 4, always_up_hit_rate: 0.6 });
    // 4 of 5 vs a coin: 2·(5 + 1)/32 = 0.375
    expect(significance.hit_rate.p_vs_half).toBeCloseTo(0.375, 12);
    // excess return point estimate = strategy − buy-and-hold total return
    expect(significance.backtest.excess_return.estimate).toBeCloseTo(metrics.backtest.total_return - metrics.backtest.buy_and_hold_return, 12);
    expect(significance.backtest.sharpe.estimate).toBeCloseTo(metrics.backtest.sharpe!, 12);
  });

  it("reports a model worse than naive with a negative skill", () => {
    const input = fixtureInput();
    const worse = fixtureInput({ test: { ...input.test, model: new Float64Array(6).fill(0.05) } });
    const { metrics } = evaluateRun(worse);
    expect(metrics.skill_vs_naive).toBeLessThan(0);
    expect(metrics.test.mae).toBeGreaterThan(metrics.baselines.naive.mae);
  });

  it("rejects misaligned or non-finite predictions, naming the span and predictor", () => {
    const input = fixtureInput();
    expect(() => evaluateRun(fixtureInput({ test: { ...input.test, ridge: new Float64Array(5) } }))).toThrow(/predictions\.test\.ridge/);
    const nan = Float64Array.from(input.validation.model);
    nan[1] = Number.NaN;
    expect(() => evaluateRun(fixtureInput({ validation: { ...input.validation, model: nan } }))).toThrow(DataError);
  });
});
