import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { GitRepo } from "../../src/gitops/git-repo.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { publishArtifacts, type PublishOptions } from "../../src/publish/publish-artifacts.js";
import { parseChampion, parseVersionRecords } from "../../src/publish/published-records.js";
import { buildLineage, metricsText } from "../support/metrics-builder.js";
import { createTempRemote, gitCli, makeTempDir, writeTree, type TempRemote } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const BRANCH = "red/AAPL";
const CONFIG = 'team = "red"\nsymbol = "AAPL"\n\n[model]\nkind = "ridge"\n';
const noWait = { sleep: async () => {}, random: () => 0.5 };

async function setupRemote(): Promise<TempRemote> {
  const remote = await createTempRemote({ "stockops.toml": CONFIG, "README.md": "red AAPL\n" }, { branches: [BRANCH] });
  cleanups.push(remote.cleanup);
  return remote;
}

/** A fresh clone of the branch with a pipeline run's artifacts written into it. */
async function publisherClone(remote: TempRemote, run: { testMae: number; skill: number; model: string; predictions?: string }, cloneArgs: string[] = []): Promise<string> {
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", ...cloneArgs, "--branch", BRANCH, remote.url, "clone"]);
  const dir = join(parent, "clone");
  await writeTree(dir, {
    "models/AAPL/metrics.json": metricsText({ testMae: run.testMae, skill: run.skill }),
    "models/AAPL/lineage.json": `${JSON.stringify(buildLineage())}\n`,
    "models/AAPL/model.json": `${JSON.stringify({ kind: "ridge", weights: run.model })}\n`,
    "reports/AAPL.md": `# AAPL\n\nMAE ${run.testMae}\n`,
    "stockops.lock": `{"schema":1,"stages":{"train":"${run.model}"}}\n`,
    ...(run.predictions ? { "models/AAPL/predictions.csv": run.predictions } : {}),
  });
  return dir;
}

/** predictions.csv for 300 days whose realized log return wiggles ±1 %; `miss` is the prediction's error on day i. */
function predictionsCsv(miss: (day: number) => number): string {
  const lines = Array.from({ length: 300 }, (_, day) => {
    const realized = 0.01 * Math.sin(day * 2.3);
    const date = new Date(Date.UTC(2010, 0, 1 + day)).toISOString().slice(0, 10);
    return [date, 100, 100 * Math.exp(realized), realized + miss(day), 0, 0, 1, 1, 1].join(",");
  });
  return `date,close,actual_close,pred_model,pred_naive,pred_ridge,position,equity,buy_hold_equity\n${lines.join("\n")}\n`;
}

function options(dir: string, overrides: Partial<PublishOptions> = {}): PublishOptions {
  return {
    repo: openGitRepo({ dir }),
    branch: BRANCH,
    team: "red",
    symbol: "AAPL",
    workdir: dir,
    logger: memoryLogger(),
    clock: { now: () => new Date("2026-11-23T21:00:00Z") },
    retry: noWait,
    ...overrides,
  };
}

async function remoteVersions(remote: TempRemote) {
  return parseVersionRecords(await gitCli(remote.bareDir, ["show", `${BRANCH}:models/AAPL/versions.jsonl`]), "versions.jsonl");
}

describe("publishArtifacts against a real git http-backend", () => {
  it("reads the champion's predictions at its tag and refuses a candidate significantly worse on the same days", async () => {
    const remote = await setupRemote();
    const first = await publisherClone(remote, { testMae: 1.2, skill: 0.02, model: "A", predictions: predictionsCsv((day) => 0.001 * Math.cos(day)) });
    expect((await publishArtifacts(options(first))).promoted).toBe(true);
    // a higher skill on its own span (so "on skill" would promote it), but larger errors on the champion's days
    const second = await publisherClone(remote, { testMae: 1.1, skill: 0.05, model: "B", predictions: predictionsCsv((day) => 0.004 * Math.cos(day)) });
    const result = await publishArtifacts(options(second));
    expect(result.promoted).toBe(false);
    expect(result.gateReason).toMatch(/fail: not significantly worse than champion v1 on the same 300 days: paired DM p (<|=) 0\.0\d+.* < alpha 0\.05, higher error/);
  });

  it("two publishers at once: both versions land, numbered 1 and 2, linear history, nothing forced", async () => {
    const remote = await setupRemote();
    const base = await gitCli(remote.bareDir, ["rev-parse", BRANCH]);
    const dirA = await publisherClone(remote, { testMae: 1.2, skill: 0.02, model: "A" });
    const dirB = await publisherClone(remote, { testMae: 1.1, skill: 0.03, model: "B" });

    const [a, b] = await Promise.all([publishArtifacts(options(dirA)), publishArtifacts(options(dirB))]);

    expect([a.version, b.version].sort()).toEqual([1, 2]);
    expect(a.pushed && b.pushed).toBe(true);
    const records = await remoteVersions(remote);
    expect(records.map((record) => record.version)).toEqual([1, 2]);
    expect(await gitCli(remote.bareDir, ["rev-list", "--count", `${base}..${BRANCH}`])).toBe("2");
    expect(await gitCli(remote.bareDir, ["rev-list", "--merges", "--count", BRANCH])).toBe("0");
    // The first publish commit is an ancestor of the second: nothing was overwritten or forced.
    const [second, first] = (await gitCli(remote.bareDir, ["rev-list", `${base}..${BRANCH}`])).split("\n");
    expect(await gitCli(remote.bareDir, ["rev-parse", `${second}^`])).toBe(first);
    expect(await gitCli(remote.bareDir, ["rev-parse", "models/red/AAPL/v1^{commit}"])).toBe(first);
    expect(await gitCli(remote.bareDir, ["rev-parse", "models/red/AAPL/v2^{commit}"])).toBe(second);
    const winner = a.version === 1 ? a : b;
    expect(winner.commit).toBe(first);
    // Each version's tag holds that publisher's own model.
    const weightsAt = async (tag: string) => JSON.parse(await gitCli(remote.bareDir, ["show", `${tag}:models/AAPL/model.json`])).weights;
    expect(await weightsAt("models/red/AAPL/v1")).toBe(a.version === 1 ? "A" : "B");
    expect(await weightsAt("models/red/AAPL/v2")).toBe(a.version === 2 ? "A" : "B");
    await gitCli(remote.bareDir, ["fsck", "--strict", "--no-dangling"]);
  });

  it("a publisher that loses the race re-plans on the winner's head and takes the next number (shallow clones)", async () => {
    const remote = await setupRemote();
    const dirA = await publisherClone(remote, { testMae: 1.2, skill: 0.02, model: "A" }, ["--depth", "1"]);
    const dirB = await publisherClone(remote, { testMae: 1.3, skill: 0.01, model: "B" }, ["--depth", "1"]);
    const logger = memoryLogger();
    const inner = openGitRepo({ dir: dirB });
    let rivalDone = false;
    // B fetches first, then A publishes before B pushes: B's first plan (v1) is stale.
    const racing: GitRepo = Object.assign(Object.create(inner) as GitRepo, {
      fetchBranch: async (branch: string) => {
        const head = await inner.fetchBranch(branch);
        if (!rivalDone) {
          rivalDone = true;
          await publishArtifacts(options(dirA));
        }
        return head;
      },
    });

    const b = await publishArtifacts(options(dirB, { repo: racing, logger }));

    expect(b).toMatchObject({ version: 2, pushed: true, attempts: 2, promoted: false });
    expect(b.gateReason).toContain("fail: skill_vs_naive 0.0100 < champion v1's 0.0200 (compared on skill");
    expect(logger.lines.some((line) => line.includes("lost a race (attempt 1)"))).toBe(true);
    expect(await racing.listTags()).toEqual(["models/red/AAPL/v2"]);
    expect((await remoteVersions(remote)).map((record) => [record.version, record.gate.promoted])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(parseChampion(await gitCli(remote.bareDir, ["show", `${BRANCH}:models/AAPL/champion.json`]), "c")!.version).toBe(1);
    expect(await gitCli(remote.bareDir, ["log", "--format=%s", "-2", BRANCH])).toBe(
      [
        "models(red/AAPL): v2 ridge test MAE 1.3000 skill 0.0100 not promoted",
        "models(red/AAPL): v1 ridge test MAE 1.2000 skill 0.0200 promoted",
      ].join("\n"),
    );
  });

  it("a rerun with identical inputs makes no commit and no tag; the checkout's own branch is left alone", async () => {
    const remote = await setupRemote();
    const dir = await publisherClone(remote, { testMae: 1.2, skill: 0.02, model: "A" });
    const localBefore = await gitCli(dir, ["rev-parse", "HEAD"]);
    const first = await publishArtifacts(options(dir));
    expect(first).toMatchObject({ version: 1, pushed: true, promoted: true });
    const headAfterFirst = await gitCli(remote.bareDir, ["rev-parse", BRANCH]);
    expect(await gitCli(dir, ["rev-parse", "HEAD"])).toBe(localBefore);

    const again = await publishArtifacts(options(dir));
    expect(again).toMatchObject({ version: 1, pushed: false, commit: undefined, skippedReason: "artifacts unchanged since v1" });
    expect(await gitCli(remote.bareDir, ["rev-parse", BRANCH])).toBe(headAfterFirst);
    expect(await gitCli(remote.bareDir, ["tag", "--list"])).toBe("models/red/AAPL/v1");
  });

  it("publishes as github-actions[bot] with the metrics in the message and a model card", async () => {
    const remote = await setupRemote();
    const dir = await publisherClone(remote, { testMae: 1.2, skill: -0.05, model: "A" });
    const result = await publishArtifacts(options(dir));
    expect(result).toMatchObject({ version: 1, promoted: false, pushed: true });
    expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%an <%ae>%n%s%n%at", BRANCH])).toBe(
      [
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>",
        "models(red/AAPL): v1 ridge test MAE 1.2000 skill -0.0500 not promoted",
        String(Date.parse("2026-11-23T21:00:00Z") / 1000),
      ].join("\n"),
    );
    const files = (await gitCli(remote.bareDir, ["ls-tree", "-r", "--name-only", BRANCH])).split("\n");
    expect(files).toEqual(
      expect.arrayContaining(["models/AAPL/CARD.md", "models/AAPL/versions.jsonl", "models/AAPL/metrics.json", "reports/AAPL.md", "stockops.lock", "stockops.toml"]),
    );
    expect(files).not.toContain("models/AAPL/champion.json");
    const card = await gitCli(remote.bareDir, ["show", `${BRANCH}:models/AAPL/CARD.md`]);
    expect(card).toContain("❌ not promoted: fail: significantly better than naive: paired DM p = 0.5000 ≥ alpha 0.05 on 250 days, higher mean absolute error; fail: skill_vs_naive -0.0500 ≤ min 0");
    expect(card).toContain('Where the data came from: `source = "package"`: embedded prices `package:@observablehq/sample-datasets/aapl.csv`.');
    expect(result.card?.trim()).toBe(card);
  });

  it("refuses artifacts that belong to another branch's config", async () => {
    const remote = await setupRemote();
    const dir = await publisherClone(remote, { testMae: 1.2, skill: 0.02, model: "A" });
    await expect(publishArtifacts(options(dir, { team: "blue" }))).rejects.toThrow(/is for red\/AAPL, but publishing was asked for blue\/AAPL/);
    await writeTree(dir, { "models/AAPL/metrics.json": metricsText({ team: "blue" }) });
    await expect(publishArtifacts(options(dir))).rejects.toThrow(/describes blue\/AAPL, expected red\/AAPL/);
  });
});

describe("publishArtifacts from a shallow clone (actions/checkout's default fetch-depth: 1)", () => {
  it("publishes two versions in a row from depth-1 clones", async () => {
    const remote = await setupRemote();
    for (const [index, run] of [
      { testMae: 1.2, skill: 0.02, model: "A" },
      { testMae: 1.1, skill: 0.03, model: "B" },
    ].entries()) {
      const parent = await makeTempDir();
      cleanups.push(() => rm(parent, { recursive: true, force: true }));
      await gitCli(parent, ["clone", "--quiet", "--depth", "1", "--branch", BRANCH, remote.url, "clone"]);
      const dir = join(parent, "clone");
      await writeTree(dir, {
        "models/AAPL/metrics.json": metricsText({ testMae: run.testMae, skill: run.skill }),
        "models/AAPL/model.json": `${JSON.stringify({ weights: run.model })}\n`,
      });
      const result = await publishArtifacts(options(dir));
      expect(result).toMatchObject({ version: index + 1, pushed: true, promoted: true });
    }
    expect((await remoteVersions(remote)).map((record) => record.version)).toEqual([1, 2]);
    await gitCli(remote.bareDir, ["fsck", "--strict", "--no-dangling"]);
  });
});
