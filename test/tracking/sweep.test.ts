import TOML from "@iarna/toml";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createOctokitClient } from "../../src/github/octokit-client.js";
import { createRestGitHubApi } from "../../src/github/rest-github-api.js";
import { startGitHubStandIn } from "../../src/github/stand-in-server.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { openExperimentBranch } from "../../src/tracking/experiment-branch.js";
import { applyPoint, expandGrid } from "../../src/tracking/sweep-grid.js";
import { runSweep } from "../../src/tracking/sweep.js";
import { realPrices } from "../support/real-prices.js";
import { createTempRemote, gitCli, makeTempDir } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONFIG = `symbol = "AAPL"\nteam = "red"\nseed = 7\n\n[data]\nsource = "csv"\npath = "${realPrices.path("AAPL")}"\nstart = 2016-01-01\nend = 2018-12-31\n\n[model]\nkind = "ridge"\nalpha = 1\n`;

describe("sweep grid", () => {
  it("expands the cartesian product in order, reading values as TOML scalars", () => {
    expect(expandGrid(["model.kind=ridge,mlp", "model.epochs=20,50"])).toEqual([
      { "model.kind": "ridge", "model.epochs": 20 },
      { "model.kind": "ridge", "model.epochs": 50 },
      { "model.kind": "mlp", "model.epochs": 20 },
      { "model.kind": "mlp", "model.epochs": 50 },
    ]);
    expect(expandGrid(["gate.allow_worse_than_champion=true", "model.kind=\"lstm\""])).toEqual([{ "gate.allow_worse_than_champion": true, "model.kind": "lstm" }]);
    expect(expandGrid(["model.kind=ridge,mlp; model.epochs=20,50"])).toEqual(expandGrid(["model.kind=ridge,mlp", "model.epochs=20,50"]));
    expect(() => expandGrid([])).toThrow(/at least one --set/);
    expect(() => expandGrid([" ; "])).toThrow(/at least one --set/);
    expect(() => expandGrid(["model.alpha"])).toThrow(/--set expects KEY=V1,V2/);
    expect(() => expandGrid(["model.alpha=1", "model.alpha=2"])).toThrow(/given twice/);
  });

  it("applies a point to stockops.toml and refuses combinations the schema refuses", () => {
    const text = applyPoint(CONFIG, { "model.alpha": 10, "split.train": 0.6 }, "stockops.toml");
    expect(text).toMatch(/alpha = 10/);
    expect(text).toMatch(/\[split\]\s*\ntrain = 0.6/);
    expect(() => applyPoint(CONFIG, { "model.epochs": 20 }, "stockops.toml")).toThrow(/model/);
  });
});

describe("runSweep and the experiment branch", () => {
  it("runs each valid point on real prices, records invalid ones, picks the best by validation MAE, pushes it and opens a PR", async () => {
    const remote = await createTempRemote({ "stockops.toml": CONFIG }, { branches: ["red/AAPL"] });
    cleanups.push(remote.cleanup);
    const parent = await makeTempDir();
    cleanups.push(() => rm(parent, { recursive: true, force: true }));
    await gitCli(parent, ["clone", "--quiet", "--branch", "red/AAPL", remote.url, "clone"]);
    const dir = join(parent, "clone");

    const sweep = await runSweep({ dir, points: expandGrid(["model.kind=ridge,naive", "model.alpha=0.01,1000"]) });
    expect(sweep.trials.map((trial) => trial.status)).toEqual(["ok", "ok", "invalid", "invalid"]);
    expect(sweep.trials[2]!.error).toMatch(/alpha/);
    const [small, large] = sweep.trials.map((trial) => trial.metrics?.validation_mae);
    expect(small).not.toBe(large);
    expect(sweep.best).toBe(small! < large! ? sweep.trials[0] : sweep.trials[1]);
    expect(await gitCli(dir, ["status", "--porcelain"])).toBe("");

    const standIn = await startGitHubStandIn({ token: "write-token" });
    cleanups.push(() => standIn.close());
    const api = createRestGitHubApi(await createOctokitClient({ token: "write-token", baseUrl: standIn.url }));
    const opened = await openExperimentBranch({
      repo: openGitRepo({ dir }),
      base: "red/AAPL",
      branch: "exp/red/AAPL/alpha",
      sweep,
      now: new Date("2026-01-20T12:00:00Z"),
      github: { api, repo: { owner: "me", repo: "stocks" } },
    });
    const pushedConfig = await gitCli(remote.bareDir, ["show", "exp/red/AAPL/alpha:stockops.toml"]);
    expect((TOML.parse(pushedConfig).model as { alpha: number }).alpha).toBe(sweep.best!.point["model.alpha"]);
    expect(await gitCli(remote.bareDir, ["rev-parse", "exp/red/AAPL/alpha^"])).toBe(await gitCli(remote.bareDir, ["rev-parse", "red/AAPL"]));
    expect(opened.pullRequest?.number).toBe(1);
    const created = standIn.requests.find((request) => request.method === "POST" && request.path.endsWith("/pulls"));
    expect(created).toBeDefined();
    const pull = await api.getPullRequest({ owner: "me", repo: "stocks" }, opened.pullRequest!.number);
    expect(pull).toMatchObject({ headRef: "exp/red/AAPL/alpha", baseRef: "red/AAPL", state: "open" });
    const body = String((created!.body as { body?: string }).body);
    expect(body).toMatch(/best by validation MAE/);
    expect(body).toMatch(/\| model.kind=naive model.alpha=0.01 \| invalid \|/);

    await expect(openExperimentBranch({ repo: openGitRepo({ dir }), base: "red/AAPL", branch: "exp/red/AAPL/alpha", sweep, now: new Date() })).rejects.toThrow(/already exists on the remote/);
  }, 120_000);
});

describe("stockops sweep command", () => {
  it("records every trial in the results file and refuses --pr without --experiment", async () => {
    const { runCli } = await import("../../src/cli/run-cli.js");
    const sweepCommand = (await import("../../src/cli/commands/sweep.js")).default;
    const { memoryLogger } = await import("../../src/logger/logger.js");
    const { writeFile, readFile } = await import("node:fs/promises");
    const dir = await makeTempDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, "stockops.toml"), CONFIG);
    const out: string[] = [];
    const err: string[] = [];
    const cli = (argv: string[]) => runCli(argv, [sweepCommand], { out: (text) => out.push(text), cwd: dir, env: {}, logger: memoryLogger() }, (text) => err.push(text));
    expect(await cli(["sweep", "--set", "model.alpha=1", "--pr", "me/stocks"])).toBe(2);
    expect(err.join("")).toMatch(/--pr needs --experiment BRANCH/);
    expect(await cli(["sweep", "--set", "model.alpha=3", "--set", "model.kind=ridge,naive", "--out", "results.json"])).toBe(0);
    const recorded = JSON.parse(await readFile(join(dir, "results.json"), "utf8"));
    expect(recorded).toMatchObject({ branch: "red/AAPL", best: 0 });
    expect(recorded.trials.map((trial: { status: string }) => trial.status)).toEqual(["ok", "invalid"]);
    expect(out.join("\n")).toMatch(/2 trials recorded in .*results.json; best: model.alpha=3 model.kind=ridge/);
    expect(await readFile(join(dir, "stockops.toml"), "utf8")).toBe(CONFIG);
  }, 60_000);
});
