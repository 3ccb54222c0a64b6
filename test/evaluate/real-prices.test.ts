// Cross-checks evaluateRun on real prices (MSFT from ../shared when present, else the embedded S&P 500) against
// figures computed here straight from the bars, independently of the evaluate code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../src/config/model-config.js";
import { parsePricesCsv } from "../../src/data/parse-prices-csv.js";
import { evaluateRun } from "../../src/evaluate/evaluate-run.js";
import { formatMetrics, parseMetrics } from "../../src/evaluate/metrics-file.js";
import { buildFeatureTable } from "../../src/features/build-feature-table.js";
import { splitChronological } from "../../src/features/split-chronological.js";
import { applyScaler, fitScaler } from "../../src/features/standard-scaler.js";
import { RidgeModel } from "../../src/models/ridge-model.js";
import { renderModelReport } from "../../src/report/render-model-report.js";
import { realPrices } from "../support/real-prices.js";

const symbol = realPrices.long;
const path = realPrices.path(symbol);
const { bars, warnings } = parsePricesCsv(readFileSync(path), path);
const config = modelConfigSchema.parse({ symbol, team: "blue", model: { kind: "ridge" } });
const table = buildFeatureTable(bars, config.features);
const split = splitChronological(table, config.split);
const scaled = applyScaler(fitScaler(table, split.train), table.values);
const ridge = RidgeModel.train(scaled, table.target, split.train, 1);
const rowsOf = ({ start, end }: { start: number; end: number }) => Array.from({ length: end - start }, (_, i) => start + i);

async function run(threshold = 0) {
  const predict = async (range: { start: number; end: number }) => {
    const predicted = await ridge.predict(scaled, rowsOf(range));
    return { model: predicted, naive: new Float64Array(predicted.length), ridge: predicted };
  };
  return evaluateRun({
    config: { ...config, evaluate: { threshold, fee_bps: 0, rolling_window: 0, risk_free_rate: 0 } },
    table,
    split,
    bars,
    backend: "typescript",
    validation: await predict(split.validation),
    test: await predict(split.test),
  });
}

describe(`evaluateRun on ${realPrices.origin} ${symbol} (${bars.length} days)`, () => {
  it("scores naive exactly as |close t+1 − close t| and 'not up' days, straight from the bars", async () => {
    const { metrics } = await run();
    const indexOf = new Map(bars.map((bar, i) => [bar.date, i]));
    const moves = rowsOf(split.test).map((row) => {
      const i = indexOf.get(table.dates[row]!)!;
      return { close: bars[i]!.close, next: bars[i + 1]!.close };
    });
    const naiveMae = moves.reduce((sum, { close, next }) => sum + Math.abs(next - close), 0) / moves.length;
    const notUp = moves.filter(({ close, next }) => !(next > close)).length / moves.length;
    expect(metrics.test.n).toBe(moves.length);
    expect(metrics.baselines.naive.mae).toBeCloseTo(naiveMae, 9);
    expect(metrics.baselines.naive.hit_rate).toBeCloseTo(notUp, 12);
    expect(metrics.baselines.ridge).toEqual(metrics.test);
    expect(metrics.skill_vs_naive).toBeCloseTo(1 - metrics.test.mae / naiveMae, 9);
    expect(parseMetrics(formatMetrics(metrics))).toEqual(metrics);
  });

  it("backtests buy-and-hold as the open-to-open move of the same days, and 'always hold' equals it", async () => {
    const { metrics } = await run();
    const b = metrics.backtest;
    const open = (date: string | null) => bars.find((bar) => bar.date === date)!.open;
    expect(b.buy_and_hold_return).toBeCloseTo(open(b.last_valuation) / open(b.first_fill) - 1, 9);
    // the last test decision fills at the last bar's open, with no later open to value it at
    expect(b.unfilled_decisions).toBe(1);
    expect(b.days).toBe(metrics.rows.test.n - 1);
    const always = (await run(-1)).metrics.backtest;
    expect(always).toMatchObject({ exposure: 1, trades: 1, round_trips: 1 });
    expect(always.total_return).toBeCloseTo(always.buy_and_hold_return, 9);
  });

  it("scores a 2-day horizon against the close two bars later", async () => {
    const features = { ...config.features, horizon: 2 };
    const table2 = buildFeatureTable(bars, features);
    const split2 = splitChronological(table2, config.split);
    const zeros = (range: { start: number; end: number }) => new Float64Array(range.end - range.start);
    const set = (range: { start: number; end: number }) => ({ model: zeros(range), naive: zeros(range), ridge: zeros(range) });
    const { metrics } = evaluateRun({
      config: { ...config, features },
      table: table2,
      split: split2,
      bars,
      backend: "typescript",
      validation: set(split2.validation),
      test: set(split2.test),
    });
    const first = bars.findIndex((bar) => bar.date === table2.dates[split2.test.start]);
    const moves = rowsOf(split2.test).map((row) => Math.abs(bars[first + row - split2.test.start + 2]!.close - table2.close[row]!));
    expect(metrics.horizon).toBe(2);
    expect(metrics.baselines.naive.mae).toBeCloseTo(moves.reduce((a, b) => a + b, 0) / moves.length, 9);
    expect(metrics.skill_vs_naive).toBe(0);
  });

  it("renders a report under GitHub's comment limit with charts of at most 80 points", async () => {
    const { metrics, predictions } = await run();
    const report = renderModelReport({ config, metrics, predictions, warnings });
    expect(report.length).toBeLessThan(65_536);
    const series = [...report.matchAll(/\n {2}line \[(.*)\]/g)].map((match) => match[1]!.split(", ").length);
    expect(series).toHaveLength(4);
    for (const points of series) expect(points).toBe(80);
  });
});
