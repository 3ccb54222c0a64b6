import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { makeModelBranch, snapshotTree } from "../support/model-branch.js";
import { realPrices } from "../support/real-prices.js";

const LONG = realPrices.long;
const OTHER = realPrices.tickers.includes("IBM") ? "IBM" : "AAPL";

const run = (dir: string) => runPipeline({ dir, logger: memoryLogger() });

describe("runPipeline", () => {
  it(`writes the contract artifacts for a ridge model on ${realPrices.origin} ${LONG} (20 years or more)`, async () => {
    const dir = await makeModelBranch(LONG, 'kind = "ridge"');
    const result = await run(dir);
    expect(result.stages.map((stage) => [stage.stage, stage.status])).toEqual([
      ["features", "ran"],
      ["train", "ran"],
      ["evaluate", "ran"],
      ["report", "ran"],
    ]);
    const metrics = JSON.parse(await readFile(join(dir, `models/${LONG}/metrics.json`), "utf8"));
    expect(metrics.model.kind).toBe("ridge");
    for (const key of ["mae", "rmse", "mape", "r2", "hit_rate"]) expect(Number.isFinite(metrics.test[key])).toBe(true);
    for (const baseline of ["naive", "ridge"]) for (const key of ["mae", "rmse", "hit_rate"]) expect(Number.isFinite(metrics.baselines[baseline][key])).toBe(true);
    expect(metrics.skill_vs_naive).toBeCloseTo(1 - metrics.test.mae / metrics.baselines.naive.mae, 12);
    for (const key of ["total_return", "cagr", "sharpe", "sortino", "max_drawdown", "win_rate", "exposure", "trades", "buy_and_hold_return"]) {
      expect(metrics.backtest).toHaveProperty(key);
    }
    const lineage = JSON.parse(await readFile(join(dir, `models/${LONG}/lineage.json`), "utf8"));
    expect(lineage).toMatchObject({ symbol: LONG, model_kind: "ridge", seed: 7, backend: "typescript" });
    expect(lineage.data.content_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(lineage.data.first_date).toBe("2000-01-03");
    const report = await readFile(join(dir, `reports/${LONG}.md`), "utf8");
    expect(report).toContain("xychart-beta");
    expect(await readFile(join(dir, "stockops.lock"), "utf8")).toContain('"report"');
  });

  it("skips every stage and rewrites nothing when nothing changed", async () => {
    const dir = await makeModelBranch(OTHER, 'kind = "ridge"');
    await run(dir);
    const before = await snapshotTree(dir);
    const rerun = await run(dir);
    expect(rerun.stages.every((stage) => stage.status === "skipped")).toBe(true);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("reruns only what a change of model kind affects, and removes the old kind's files", async () => {
    const dir = await makeModelBranch(OTHER, 'kind = "ridge"');
    await run(dir);
    const config = await readFile(join(dir, "stockops.toml"), "utf8");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "stockops.toml"), config.replace('kind = "ridge"', 'kind = "naive"'));
    const rerun = await run(dir);
    expect(rerun.stages.map((stage) => stage.status)).toEqual(["skipped", "ran", "ran", "ran"]);
    const files = await readdir(join(dir, `models/${OTHER}`));
    expect(files).toContain("naive.json");
    expect(files).not.toContain("ridge.json");
  });

  it("reruns a stage whose output was deleted or edited", async () => {
    const dir = await makeModelBranch(OTHER, 'kind = "ridge"');
    await run(dir);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, `models/${OTHER}/metrics.json`), "{}");
    const rerun = await run(dir);
    expect(rerun.stages.map((stage) => stage.status)).toEqual(["skipped", "skipped", "ran", "skipped"]);
    expect(JSON.parse(await readFile(join(dir, `models/${OTHER}/metrics.json`), "utf8")).model.kind).toBe("ridge");
  });
});
