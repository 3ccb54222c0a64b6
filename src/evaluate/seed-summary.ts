import { SEED_RULE, type SeedChoice } from "../models/choose-seed.js";
import type { EvaluateRunResult } from "./evaluate-run.js";
import type { MetricsFile } from "./metrics-file.js";

const HEADLINES: Record<string, (metrics: MetricsFile) => number | null | undefined> = {
  validation_mae_bp: () => undefined,
  test_mae_bp: (m) => m.returns?.model.mae_bp,
  ic: (m) => m.returns?.model.ic,
  hit_rate: (m) => m.test.hit_rate,
  skill_vs_naive: (m) => m.skill_vs_naive,
  p_vs_naive: (m) => m.significance?.vs_naive.p_value,
  total_return: (m) => m.backtest.total_return,
  sharpe: (m) => m.backtest.sharpe,
};

/** metrics.json's `seeds`: every seed's headline figures, their mean ± sample sd, and which seed was published by which rule. */
export function seedSummary(results: ReadonlyMap<number, EvaluateRunResult>, choice: SeedChoice): NonNullable<MetricsFile["seeds"]> {
  const perSeed = [...results].map(([seed, { metrics }]) => {
    const row: Record<string, number | null> = { seed };
    for (const [name, read] of Object.entries(HEADLINES)) row[name] = name === "validation_mae_bp" ? choice.losses.get(seed)! * 10_000 : (read(metrics) ?? null);
    return row;
  });
  const stat = (pick: (values: number[]) => number | null) =>
    Object.fromEntries(Object.keys(HEADLINES).map((name) => [name, pick(perSeed.map((row) => row[name]).filter((v): v is number => typeof v === "number" && Number.isFinite(v)))]));
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length);
  const sd = (values: number[]) => {
    if (values.length < 2) return null;
    const m = mean(values)!;
    return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
  };
  return { rule: SEED_RULE, chosen: choice.seed, per_seed: perSeed, mean: stat(mean), std: stat(sd) };
}
