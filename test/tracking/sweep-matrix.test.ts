// The GitHub matrix as CLI steps: --plan (job plan), --trial per entry (job trial, one leg each), --collect
// (job collect). They share expandGrid, runTrial and pickBest with the local sweep, so the results must match it.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeSweepRecords } from "../../src/tracking/sweep-record.js";
import { planSweep } from "../../src/tracking/sweep-plan.js";
import { createSweepWorld, type SweepWorld } from "./sweep-fixture.js";

let world: SweepWorld;
beforeAll(async () => {
  world = await createSweepWorld();
});
afterAll(async () => {
  await world?.cleanup();
});

const GRID = "model.alpha=0.01,1000;model.kind=ridge,naive";
const json = async (path: string) => JSON.parse(await readFile(join(world.clone, path), "utf8"));
type Trial = { index: number; status: string; point: Record<string, unknown>; metrics?: Record<string, number> };
const comparable = (trial: Trial) => ({ index: trial.index, status: trial.status, point: trial.point, metrics: trial.metrics });

describe("sweep as a matrix: --plan, --trial, --collect", () => {
  it("--plan prints the grid as one line of JSON (keys separated by ';' in one --set)", async () => {
    const planned = await world.sweep(["--plan", "--set", GRID]);
    expect(planned.code).toBe(0);
    expect(planned.out.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(planned.out)).toEqual([
      { index: 0, count: 4, label: "model.alpha=0.01 model.kind=ridge", point: { "model.alpha": 0.01, "model.kind": "ridge" } },
      { index: 1, count: 4, label: "model.alpha=0.01 model.kind=naive", point: { "model.alpha": 0.01, "model.kind": "naive" } },
      { index: 2, count: 4, label: "model.alpha=1000 model.kind=ridge", point: { "model.alpha": 1000, "model.kind": "ridge" } },
      { index: 3, count: 4, label: "model.alpha=1000 model.kind=naive", point: { "model.alpha": 1000, "model.kind": "naive" } },
    ]);
    expect(planSweep(["model.alpha=0.01,1000", "model.kind=ridge,naive"])).toEqual(JSON.parse(planned.out));
  });

  it("each --trial on the branch plus --collect gives the local sweep's trials and best", async () => {
    const plan = JSON.parse((await world.sweep(["--plan", "--set", GRID])).out) as unknown[];
    for (const [index, entry] of plan.entries()) {
      // download-artifact without merge-multiple puts each artifact in its own folder
      const trial = await world.sweep(["--on", "red/AAPL", "--trial", JSON.stringify(entry), "--out", `trials/sweep-trial-${index}/trial-${index}.json`]);
      expect(trial.err).toBe("");
      expect(trial.code).toBe(0);
      expect(trial.out).toMatch(new RegExp(`^trial ${index + 1}/4 `));
    }
    expect(await json("trials/sweep-trial-1/trial-1.json")).toMatchObject({ branch: "red/AAPL", commit: world.branchCommit, planned: 4, best: null, trials: [{ index: 1, status: "invalid" }] });

    const collected = await world.sweep(["--collect", "trials", "--out", "collected.json", "--summary", "summary.md"]);
    expect(collected.err).toBe("");
    expect(collected.code).toBe(0);
    const local = await world.sweep(["--on", "red/AAPL", "--set", GRID, "--out", "local.json"]);
    expect(local.code).toBe(0);
    const [fromMatrix, fromLocal] = [await json("collected.json"), await json("local.json")];
    expect(fromMatrix).toMatchObject({ branch: "red/AAPL", commit: world.branchCommit, planned: 4, best: fromLocal.best });
    expect(fromMatrix.trials.map(comparable)).toEqual(fromLocal.trials.map(comparable));
    expect(fromMatrix.missing).toBeUndefined();
    expect(collected.out.split("\n").slice(0, 4)).toEqual(local.out.split("\n").slice(0, 4));
    const summary = await readFile(join(world.clone, "summary.md"), "utf8");
    expect(summary).toMatch(new RegExp(`^## Sweep of red/AAPL at ${world.branchCommit.slice(0, 12)}\\n\\nGrid sweep, best by validation MAE`));
    expect(summary).toMatch(/\| model.alpha=1000 model.kind=naive \| invalid \|/);
  }, 180_000);

  it("--collect says which planned trials sent nothing and still picks the best of the rest", async () => {
    await rm(join(world.clone, "trials/sweep-trial-2"), { recursive: true });
    const collected = await world.sweep(["--collect", "trials", "--out", "partial.json"]);
    expect(collected.code).toBe(0);
    expect(collected.log).toMatch(/warning: no result from trial 2 of 4/);
    const partial = await json("partial.json");
    expect(partial.missing).toEqual([2]);
    expect(partial.trials.map((trial: Trial) => trial.index)).toEqual([0, 1, 3]);
    expect(partial.best).toBe(0);
  }, 60_000);

  it("refuses results of another sweep, a trial reported twice, and files that are not results", () => {
    const record = (branch: string, index: number) => JSON.stringify({ branch, planned: 2, best: null, trials: [{ index, point: {}, status: "invalid", ms: 1 }] });
    expect(() => mergeSweepRecords([{ file: "a.json", text: record("red/AAPL", 0) }, { file: "b.json", text: record("red/MSFT", 1) }])).toThrow(
      /^b\.json, field 'branch': branch is "red\/MSFT" but a\.json has "red\/AAPL"; collect the results of one sweep only/,
    );
    expect(() => mergeSweepRecords([{ file: "a.json", text: record("red/AAPL", 0) }, { file: "b.json", text: record("red/AAPL", 0) }])).toThrow(/^b\.json, field 'trials': trial 0 is also in a\.json/);
    expect(() => mergeSweepRecords([{ file: "c.json", text: '{"branch":"red/AAPL"}' }])).toThrow(/^c\.json, field 'planned': .*expected a result written by stockops sweep --trial/);
    expect(() => mergeSweepRecords([{ file: "d.json", text: "not json" }])).toThrow(/^d\.json: not JSON/);
  });

  it("refuses mixed modes, a bad --trial, an empty results folder and a grid too big for one matrix", async () => {
    expect((await world.sweep(["--plan", "--trial", "{}"])).err).toMatch(/--plan and --trial cannot be combined/);
    expect((await world.sweep(["--plan", "--on", "red/AAPL", "--set", "model.alpha=1"])).err).toMatch(/--plan only expands --set/);
    expect((await world.sweep(["--trial", "{}", "--set", "model.alpha=1"])).err).toMatch(/--set is for a sweep or --plan/);
    expect((await world.sweep(["--trial", "{}", "--experiment", "exp/x"])).err).toMatch(/--experiment goes with a whole sweep or --collect/);
    const bad = await world.sweep(["--on", "red/AAPL", "--trial", '{"index":0,"point":{}}']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/field 'trial': --trial count: .*expected \{"index":N,"count":N,"point":\{"KEY":VALUE\}\} as --plan prints/);
    expect((await world.sweep(["--on", "red/AAPL", "--trial", "{index"])).err).toMatch(/--trial expects one entry of --plan's JSON/);
    await mkdir(join(world.clone, "empty"), { recursive: true });
    await writeFile(join(world.clone, "empty", "notes.txt"), "");
    expect((await world.sweep(["--collect", "empty"])).err).toMatch(/no trial results \(\*\.json\) under .*empty/);
    const big = await world.sweep(["--plan", "--set", `model.alpha=${Array.from({ length: 17 }, (_, i) => i + 1).join(",")};split.train=${Array.from({ length: 16 }, (_, i) => (0.5 + i / 100).toFixed(2)).join(",")}`]);
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/the grid has 272 trials; a GitHub matrix runs at most 256/);
  });
});
