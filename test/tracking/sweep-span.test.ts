import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandGrid } from "../../src/tracking/sweep-grid.js";
import { bestOf, runSweep, type SweepTrial } from "../../src/tracking/sweep.js";

const trial = (index: number, mae: number, span: string): SweepTrial => ({
  index,
  point: { "model.alpha": index },
  status: "ok",
  metrics: { validation_mae: mae, test_mae: 1, skill_vs_naive: 0, test_hit_rate: 0.5, validation_span: span },
  ms: 1,
});

describe("sweeps compare trials on one common validation span", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("picks the lowest validation MAE among trials on the same span", () => {
    const span = "2016-06-01 … 2017-02-01 (170 rows)";
    expect(bestOf([trial(0, 1.2, span), trial(1, 1.1, span)]).best?.index).toBe(1);
  });

  it("refuses to pick when the spans differ, saying why", () => {
    const result = bestOf([trial(0, 1.2, "2016-06-01 … 2017-02-01 (170 rows)"), trial(1, 1.1, "2016-01-04 … 2016-09-01 (170 rows)")]);
    expect(result.best).toBeUndefined();
    expect(result.refused).toMatch(/no best picked: the trials were scored on 2 different validation spans .* so their MAEs measure different periods/);
  });

  it("a real grid over split.train on the embedded AAPL prices moves the span and is refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stockops-sweep-span-"));
    dirs.push(dir);
    await writeFile(join(dir, "stockops.toml"), 'symbol = "AAPL"\nteam = "red"\n\n[data]\nsource = "package"\n\n[model]\nkind = "ridge"\n');
    const moved = await runSweep({ dir, points: expandGrid(["split.train=0.6,0.7"]) });
    expect(moved.trials.map((t) => t.status)).toEqual(["ok", "ok"]);
    expect(moved.best).toBeUndefined();
    expect(moved.refused).toContain("2 different validation spans");
    const kept = await runSweep({ dir, points: expandGrid(["model.alpha=0.1,10"]) });
    expect(kept.refused).toBeUndefined();
    expect(kept.best).toBeDefined();
  });
});
