import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseMetrics } from "../../src/evaluate/metrics-file.js";
import { silentLogger } from "../../src/logger/logger.js";
import { lineageSchema } from "../../src/pipeline/lineage.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";

// Embedded AAPL (2013–2018): a tiny mlp so three trainings per seed stay quick.
const MODEL = 'kind = "mlp"\nhidden_units = [4]\nepochs = 3\npatience = 0';
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function run(seedLines: string, model: string) {
  const dir = await mkdtemp(join(tmpdir(), "stockops-seeds-"));
  dirs.push(dir);
  await writeFile(join(dir, "stockops.toml"), `symbol = "AAPL"\nteam = "red"\n${seedLines}\n\n[data]\nsource = "package"\n\n[model]\n${model}\n`);
  await runPipeline({ dir, until: "evaluate", logger: silentLogger });
  const metrics = parseMetrics(await readFile(join(dir, "models/AAPL/metrics.json"), "utf8"));
  const lineage = lineageSchema.parse(JSON.parse(await readFile(join(dir, "models/AAPL/lineage.json"), "utf8")));
  return { metrics, lineage };
}

describe("[model] seeds", () => {
  it("trains every seed, reports mean ± std, and publishes the seed with the lowest validation MAE", async () => {
    const { metrics, lineage } = await run("seed = 42", `${MODEL}\nseeds = [1, 2, 3]`);
    const seeds = metrics.seeds!;
    expect(seeds.per_seed.map((row) => row.seed)).toEqual([1, 2, 3]);
    const best = seeds.per_seed.reduce((a, b) => (b.validation_mae_bp! < a.validation_mae_bp! ? b : a));
    expect(seeds.chosen).toBe(best.seed);
    expect(seeds.rule).toContain("lowest validation MAE of log returns");
    const values = seeds.per_seed.map((row) => row.test_mae_bp!);
    const mean = values.reduce((s, v) => s + v, 0) / 3;
    expect(seeds.mean.test_mae_bp).toBeCloseTo(mean, 10);
    expect(seeds.std.test_mae_bp).toBeCloseTo(Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 2), 10);
    expect(lineage.seed).toBe(seeds.chosen);
    expect(lineage.seeds).toEqual({ tried: [1, 2, 3], rule: seeds.rule });
    // the rest of metrics.json is the chosen seed's run, exactly as a single run with that seed
    const single = await run(`seed = ${seeds.chosen}`, MODEL);
    expect(metrics.test).toEqual(single.metrics.test);
    expect(metrics.returns!.model.mae_bp).toBeCloseTo(seeds.per_seed.find((row) => row.seed === seeds.chosen)!.test_mae_bp!, 12);
  }, 180_000);

  it("is refused for ridge, which has no seed to vary", async () => {
    await expect(run("", 'kind = "ridge"\nseeds = [1, 2]')).rejects.toThrow(/seeds/);
  });
});
