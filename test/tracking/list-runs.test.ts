import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { parseFilter, runMatches } from "../../src/tracking/filter/mlflow-filter.js";
import { listRuns } from "../../src/tracking/list-runs.js";
import { searchableRun } from "../../src/tracking/tracked-run.js";
import { createTempRepo, gitCli } from "../support/temp-repo.js";
import { fixtureConfig, publishLocally } from "./published-fixture.js";

const cleanups: string[] = [];
afterEach(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function twoTeams(): Promise<string> {
  const dir = await createTempRepo({ "README.md": "main\n" });
  cleanups.push(dir);
  await gitCli(dir, ["branch", "red/AAPL"]);
  await gitCli(dir, ["branch", "blue/SPX"]);
  const repo = openGitRepo({ dir });
  await publishLocally(repo, "red", "AAPL", [
    { testMae: 1.5, date: "2026-01-05T21:00:00.000Z", epochs: 20 },
    { testMae: 1.3, date: "2026-01-10T21:00:00.000Z", kind: "mlp", epochs: 50, dataVersion: "d2" },
    { testMae: 1.4, date: "2026-01-15T21:00:00.000Z", kind: "mlp", epochs: 100 },
  ]);
  await publishLocally(repo, "blue", "SPX", [
    { testMae: 20, date: "2026-01-06T21:00:00.000Z" },
    { testMae: 18, date: "2026-01-12T21:00:00.000Z", kind: "lstm" },
  ]);
  return dir;
}

describe("listRuns", () => {
  it("lists every published version across branches from tags, newest first, with params, metrics and git attributes", async () => {
    const dir = await twoTeams();
    const runs = await listRuns({ dir });
    expect(runs.map((run) => run.name)).toEqual(["red/AAPL/v3", "blue/SPX/v2", "red/AAPL/v2", "blue/SPX/v1", "red/AAPL/v1"]);
    const v2 = runs.find((run) => run.name === "red/AAPL/v2")!;
    expect(v2).toMatchObject({ team: "red", symbol: "AAPL", version: 2, branch: "red/AAPL", tag: "models/red/AAPL/v2", kind: "mlp", promoted: true, dataVersion: "d2" });
    expect(v2.commit).toBe(await gitCli(dir, ["rev-parse", "models/red/AAPL/v2^{commit}"]));
    expect(v2.params).toMatchObject({ "model.kind": "mlp", "model.epochs": "50", seed: "7", team: "red", "gate.min_skill_vs_naive": "0" });
    expect(v2.metrics.test_mae).toBe(1.3);
    expect(v2.metrics["test.mae"]).toBe(1.3);
    expect(v2.metrics["backtest.sharpe"]).toBe(0.8);
    expect(runs.find((run) => run.name === "red/AAPL/v3")!.promoted).toBe(false);
    expect(fixtureConfig("red", "AAPL", "mlp", 50)).toContain("epochs = 50");
  });

  it("narrows by branch glob and by an MLflow filter over params, metrics and attributes", async () => {
    const dir = await twoTeams();
    expect((await listRuns({ dir, branch: "blue/*" })).map((run) => run.name)).toEqual(["blue/SPX/v2", "blue/SPX/v1"]);
    const runs = await listRuns({ dir });
    const select = (filter: string) => runs.filter((run) => runMatches(searchableRun(run), parseFilter(filter))).map((run) => run.name);
    expect(select('params.model.kind = "mlp" and metrics.test_mae < 1.35')).toEqual(["red/AAPL/v2"]);
    expect(select('params.model.epochs = "100"')).toEqual(["red/AAPL/v3"]);
    expect(select("attributes.branch LIKE 'blue/%' and tags.kind = 'lstm'")).toEqual(["blue/SPX/v2"]);
    expect(select(`attributes.start_time < ${Date.parse("2026-01-07T00:00:00Z")}`)).toEqual(["blue/SPX/v1", "red/AAPL/v1"]);
    expect(select("attributes.run_name ILIKE 'RED/aapl/v_' and tags.promoted = 'true'")).toEqual(["red/AAPL/v2", "red/AAPL/v1"]);
  });

  it("reads a bare origin directly, and keeps versions whose tag is missing from versions.jsonl", async () => {
    const dir = await twoTeams();
    const bare = `${dir}-bare.git`;
    cleanups.push(bare);
    await gitCli(dir, ["clone", "--quiet", "--bare", dir, bare]);
    await gitCli(bare, ["tag", "-d", "models/red/AAPL/v1"]);
    const v2Commit = await gitCli(bare, ["rev-parse", "models/red/AAPL/v2"]);
    await gitCli(bare, ["tag", "--force", "--annotate", "--message", "annotated", "models/red/AAPL/v2", v2Commit]);
    const runs = await listRuns({ gitdir: bare });
    expect(runs).toHaveLength(5);
    const v1 = runs.find((run) => run.name === "red/AAPL/v1")!;
    expect(v1).toMatchObject({ tag: null, commit: null, date: "2026-01-05T21:00:00.000Z", promoted: true });
    expect(v1.metrics.test_mae).toBe(1.5);
    const v2 = runs.find((run) => run.name === "red/AAPL/v2")!;
    expect(await gitCli(bare, ["cat-file", "-t", "models/red/AAPL/v2"])).toBe("tag");
    expect(v2).toMatchObject({ commit: v2Commit, tag: "models/red/AAPL/v2" });
    expect(v2.params["model.kind"]).toBe("mlp");
  });
});
