import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { GitRepo, RefUpdate } from "../../src/gitops/git-repo.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { publishArtifacts, type PublishOptions } from "../../src/publish/publish-artifacts.js";
import { parseVersionRecords } from "../../src/publish/published-records.js";
import { gitBranchReader } from "../../src/trading/branch-files.js";
import { buildLineage, metricsText } from "../support/metrics-builder.js";
import { createTempRemote, gitCli, makeTempDir, writeTree, type TempRemote } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const BRANCH = "red/AAPL";
const CONFIG = 'team = "red"\nsymbol = "AAPL"\n\n[model]\nkind = "ridge"\n';

async function setupRemote(): Promise<TempRemote> {
  const remote = await createTempRemote({ "stockops.toml": CONFIG }, { branches: [BRANCH, "exp/red/AAPL/mlp"] });
  cleanups.push(remote.cleanup);
  return remote;
}

async function publisherClone(remote: TempRemote, model: string, branch = BRANCH): Promise<string> {
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", "--branch", branch, remote.url, "clone"]);
  const dir = join(parent, "clone");
  await writeTree(dir, {
    "models/AAPL/metrics.json": metricsText({ testMae: 1.2, skill: 0.02 }),
    "models/AAPL/lineage.json": `${JSON.stringify(buildLineage())}\n`,
    "models/AAPL/model.json": `${JSON.stringify({ kind: "ridge", weights: model })}\n`,
  });
  return dir;
}

function options(repo: GitRepo, dir: string, overrides: Partial<PublishOptions> = {}): PublishOptions {
  return {
    repo,
    branch: BRANCH,
    team: "red",
    symbol: "AAPL",
    workdir: dir,
    logger: memoryLogger(),
    clock: { now: () => new Date("2026-11-23T21:00:00Z") },
    retry: { sleep: async () => {}, random: () => 0.5 },
    ...overrides,
  };
}

class Killed extends Error {}

/** The publisher's process dies at `point`: before its push request, or after the remote applied it but before the run went on. */
function dyingAt(inner: GitRepo, point: "before-push" | "after-push"): GitRepo {
  return Object.assign(Object.create(inner) as GitRepo, {
    pushAtomic: async (updates: readonly RefUpdate[]) => {
      if (point === "before-push") throw new Killed("killed before the push");
      await inner.pushAtomic(updates);
      throw new Killed("killed after the push");
    },
  });
}

const versionsOn = async (remote: TempRemote) =>
  parseVersionRecords(await gitCli(remote.bareDir, ["show", `${BRANCH}:models/AAPL/versions.jsonl`]), "versions.jsonl").map((record) => record.version);

describe("versions: branch and tag land together, and a rerun repairs a torn one", () => {
  for (const point of ["before-push", "after-push"] as const) {
    it(`killed ${point}: the rerun leaves exactly v1 with its tag at the branch commit`, async () => {
      const remote = await setupRemote();
      const dir = await publisherClone(remote, "A");
      await expect(publishArtifacts(options(dyingAt(openGitRepo({ dir }), point), dir))).rejects.toBeInstanceOf(Killed);
      const tags = await gitCli(remote.bareDir, ["tag", "--list"]);
      // Atomic: after the kill the remote holds both or neither.
      if (point === "before-push") expect(tags).toBe("");
      else expect(await gitCli(remote.bareDir, ["rev-parse", `${BRANCH}`, "models/red/AAPL/v1^{commit}"])).toMatch(/^(\w{40})\n\1$/);

      const rerun = await publishArtifacts(options(openGitRepo({ dir }), dir));

      expect(rerun.version).toBe(1);
      expect(await versionsOn(remote)).toEqual([1]);
      expect(await gitCli(remote.bareDir, ["tag", "--list"])).toBe("models/red/AAPL/v1");
      expect(await gitCli(remote.bareDir, ["rev-parse", "models/red/AAPL/v1^{commit}"])).toBe(await gitCli(remote.bareDir, ["rev-parse", BRANCH]));
      // A trader reading from a fresh clone finds the champion's files at its tag: nothing is skipped.
      const trader = await publisherClone(remote, "unused");
      const read = gitBranchReader(openGitRepo({ dir: trader }));
      const champion = JSON.parse(new TextDecoder().decode((await read(BRANCH, "models/AAPL/champion.json"))!)) as { tag: string };
      expect(champion.tag).toBe("models/red/AAPL/v1");
      expect(JSON.parse(new TextDecoder().decode((await read(champion.tag, "models/AAPL/model.json", "tag"))!))).toMatchObject({ weights: "A" });
    });
  }

  it("a version whose tag never reached the remote (an older publish torn between two pushes) is tagged by the rerun, at the commit that recorded it", async () => {
    const remote = await setupRemote();
    const dir = await publisherClone(remote, "A");
    await publishArtifacts(options(openGitRepo({ dir }), dir));
    const published = await gitCli(remote.bareDir, ["rev-parse", BRANCH]);
    // The torn state the old two-push publish left behind: the branch has v1, the tag is gone.
    await gitCli(remote.bareDir, ["tag", "-d", "models/red/AAPL/v1"]);
    // Someone edits the README on top, so the tip is no longer the version's commit.
    const other = await makeTempDir();
    cleanups.push(() => rm(other, { recursive: true, force: true }));
    await gitCli(other, ["clone", "--quiet", "--branch", BRANCH, remote.url, "c"]);
    await writeTree(join(other, "c"), { "README.md": "notes\n" });
    await gitCli(join(other, "c"), ["add", "-A"]);
    await gitCli(join(other, "c"), ["commit", "--quiet", "-m", "notes"]);
    await gitCli(join(other, "c"), ["push", "--quiet", "origin", BRANCH]);
    const fresh = await publisherClone(remote, "A");

    const rerun = await publishArtifacts(options(openGitRepo({ dir: fresh }), fresh));

    expect(rerun).toMatchObject({ version: 1, pushed: true, tag: "models/red/AAPL/v1" });
    expect(rerun.skippedReason).toMatch(/models\/red\/AAPL\/v1 missing on the remote/);
    expect(await gitCli(remote.bareDir, ["rev-parse", "models/red/AAPL/v1^{commit}"])).toBe(published);
    expect(await versionsOn(remote)).toEqual([1]);
  });

  it("a publish from an experiment branch, or naming any branch but the model's, is refused and takes no number", async () => {
    const remote = await setupRemote();
    const dir = await publisherClone(remote, "X", "exp/red/AAPL/mlp");
    const before = await gitCli(remote.bareDir, ["for-each-ref"]);
    await expect(publishArtifacts(options(openGitRepo({ dir }), dir, { branch: "exp/red/AAPL/mlp" }))).rejects.toThrow(
      /publishing from branch 'exp\/red\/AAPL\/mlp' is refused: versions of red\/AAPL .* allocated only by the model branch red\/AAPL's own publish; experiment branches/,
    );
    await expect(publishArtifacts(options(openGitRepo({ dir }), dir, { branch: "main" }))).rejects.toThrow(/from branch 'main' is refused/);
    expect(await gitCli(remote.bareDir, ["for-each-ref"])).toBe(before);
  });
});
