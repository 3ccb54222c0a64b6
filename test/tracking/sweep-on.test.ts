// stockops sweep --on BRANCH: the branch's files come from git objects (no checkout), the results record the
// commit they were read from, and --experiment builds on that commit.
import TOML from "@iarna/toml";
import { lstat, mkdir, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { snapshotBranch } from "../../src/tracking/sweep-branch-source.js";
import { gitCli } from "../support/temp-repo.js";
import { createSweepWorld, MODEL_CONFIG, type SweepWorld } from "./sweep-fixture.js";

let world: SweepWorld;
let standIn: GitHubStandIn;
beforeAll(async () => {
  world = await createSweepWorld({ "models/AAPL/metrics.json": "{}\n", "stockops.lock": "{}\n", "reports/AAPL.md": "# old\n" });
  standIn = await startGitHubStandIn({ token: "write-token" });
});
afterAll(async () => {
  await standIn?.close();
  await world?.cleanup();
});

const results = async (file = "results.json") => JSON.parse(await readFile(join(world.clone, file), "utf8"));

describe("stockops sweep --on BRANCH", () => {
  it("reads a branch that is only origin/<branch> in the clone, records its commit and leaves the clone as it was", async () => {
    const head = await gitCli(world.clone, ["rev-parse", "HEAD"]);
    const swept = await world.sweep(["--on", "red/AAPL", "--set", "model.alpha=0.01,1000", "--set", "model.kind=ridge,naive", "--out", "results.json"]);
    expect(swept.err).toBe("");
    expect(swept.code).toBe(0);
    expect(swept.log).toMatch(new RegExp(`red/AAPL at ${world.branchCommit.slice(0, 12)} \\(refs/remotes/origin/red/AAPL\\)`));
    const recorded = await results();
    expect(recorded).toMatchObject({ branch: "red/AAPL", commit: world.branchCommit, planned: 4 });
    expect(recorded.trials.map((trial: { status: string }) => trial.status)).toEqual(["ok", "invalid", "ok", "invalid"]);
    const [small, , large] = recorded.trials.map((trial: { metrics?: { validation_mae: number } }) => trial.metrics?.validation_mae);
    expect(recorded.best).toBe(small < large ? 0 : 2);
    expect(await gitCli(world.clone, ["rev-parse", "HEAD"])).toBe(head);
    expect(await gitCli(world.clone, ["status", "--porcelain"])).toBe("?? results.json");
  }, 120_000);

  it("prefers a local branch to origin's, and reads origin/<branch> when named so", async () => {
    await gitCli(world.clone, ["branch", "red/AAPL", "origin/red/AAPL"]);
    await gitCli(world.clone, ["worktree", "add", "--quiet", join(world.clone, "..", "local-wt"), "red/AAPL"]);
    const worktree = join(world.clone, "..", "local-wt");
    await writeFile(join(worktree, "stockops.toml"), MODEL_CONFIG(5));
    await gitCli(worktree, ["commit", "--quiet", "-am", "local alpha 5"]);
    const local = await gitCli(worktree, ["rev-parse", "HEAD"]);
    await gitCli(world.clone, ["worktree", "remove", "--force", worktree]);

    const localRun = await world.sweep(["--on", "red/AAPL", "--set", "seed=7", "--out", "local.json"]);
    expect(localRun.err).toBe("");
    const fromLocal = await results("local.json");
    expect(fromLocal).toMatchObject({ branch: "red/AAPL", commit: local });
    expect(TOML.parse(fromLocal.trials[0].config).model).toMatchObject({ alpha: 5 });

    expect((await world.sweep(["--on", "origin/red/AAPL", "--set", "seed=7", "--out", "remote.json"])).code).toBe(0);
    const fromRemote = await results("remote.json");
    expect(fromRemote).toMatchObject({ branch: "red/AAPL", commit: world.branchCommit });
    expect(TOML.parse(fromRemote.trials[0].config).model).toMatchObject({ alpha: 1 });
    await gitCli(world.clone, ["branch", "-D", "red/AAPL"]);
  }, 120_000);

  it("reads from a bare repository given with --repo", async () => {
    const swept = await world.sweep(["--on", "red/AAPL", "--repo", world.remote.bareDir, "--set", "model.alpha=3", "--out", "bare.json"]);
    expect(swept.err).toBe("");
    expect(await results("bare.json")).toMatchObject({ branch: "red/AAPL", commit: world.branchCommit, best: 0 });
  }, 60_000);

  it("snapshots the branch without its published artifacts, and links the clone's pulled data/ in", async () => {
    await mkdir(join(world.clone, "data"), { recursive: true });
    await writeFile(join(world.clone, "data", "AAPL.csv"), "Date,Open\n");
    const snapshot = await snapshotBranch({ dir: world.clone }, "red/AAPL");
    try {
      expect(snapshot).toMatchObject({ branch: "red/AAPL", ref: "refs/remotes/origin/red/AAPL", commit: world.branchCommit, files: 2 });
      expect((await readdir(snapshot.dir)).sort()).toEqual(["README.md", "data", "stockops.toml"]);
      expect((await lstat(join(snapshot.dir, "data"))).isSymbolicLink()).toBe(true);
      expect(await readlink(join(snapshot.dir, "data"))).toBe(join(world.clone, "data"));
      expect(await readFile(join(snapshot.dir, "stockops.toml"), "utf8")).toBe(MODEL_CONFIG(1));
    } finally {
      await snapshot.cleanup();
    }
    await expect(lstat(snapshot.dir)).rejects.toThrow(/ENOENT/);
  });

  it("names a branch that does not exist, the branches there are, and how to list them", async () => {
    const swept = await world.sweep(["--on", "red/NOPE", "--set", "model.alpha=1"]);
    expect(swept.code).toBe(1);
    expect(swept.err).toMatch(/^error: field 'on': branch 'red\/NOPE' not found in .*: neither refs\/heads\/red\/NOPE nor refs\/remotes\/origin\/red\/NOPE exists \(branches there: main, origin\/main, origin\/red\/AAPL\); list them with 'git branch --all'/);
    expect((await world.sweep(["--on", "red/AAPL", "--dir", ".", "--set", "model.alpha=1"])).err).toMatch(/give one/);
  });

  it("--experiment builds the new branch on the swept commit, even when the branch moved on since, and opens the pull request", async () => {
    const env = { GITHUB_TOKEN: "write-token", GITHUB_API_URL: standIn.url };
    const moved = await world.pushTo("red/AAPL", { "models/AAPL/metrics.json": '{"version":2}\n' }, "publish v2");
    const swept = await world.sweep(["--on", "red/AAPL", "--set", "model.alpha=0.01,1000", "--out", "exp.json", "--experiment", "exp/red/AAPL/alpha", "--pr", "me/stocks"], env);
    expect(swept.err).toBe("");
    expect(swept.code).toBe(0);
    const recorded = await results("exp.json");
    const bare = world.remote.bareDir;
    expect(await gitCli(bare, ["rev-parse", "exp/red/AAPL/alpha^"])).toBe(world.branchCommit);
    expect(swept.log).toMatch(new RegExp(`red/AAPL moved to ${moved.slice(0, 12)} since the sweep`));
    expect(TOML.parse(await gitCli(bare, ["show", "exp/red/AAPL/alpha:stockops.toml"])).model).toMatchObject({ alpha: recorded.trials[recorded.best].point["model.alpha"] });
    expect(swept.out).toMatch(new RegExp(`pushed exp/red/AAPL/alpha \\([0-9a-f]{12}, on red/AAPL at ${world.branchCommit.slice(0, 12)}\\); pull request #1`));
    const created = standIn.requests.find((request) => request.method === "POST" && request.path.endsWith("/pulls"));
    expect(created?.body).toMatchObject({ head: "exp/red/AAPL/alpha", base: "red/AAPL" });
  }, 120_000);
});
