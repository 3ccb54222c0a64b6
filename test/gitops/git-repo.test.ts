import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GITHUB_ACTIONS_BOT, PushRejectedError } from "../../src/gitops/git-repo.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { backoffDelay, pushWithRetry } from "../../src/gitops/push-with-retry.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(files: Record<string, string>, options: Parameters<typeof createTempRemote>[1] = {}): Promise<TempRemote> {
  const remote = await createTempRemote(files, options);
  cleanups.push(remote.cleanup);
  return remote;
}

async function cloneOf(remote: TempRemote, branch: string, name = "clone"): Promise<string> {
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", "--branch", branch, remote.url, name]);
  return join(parent, name);
}

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
const noSleep = { sleep: async () => {}, random: () => 0.5 };

describe("GitRepo over isomorphic-git", () => {
  it("commits a set of files onto a branch, keeping the rest of the tree, and pushes it", async () => {
    const remote = await setup({ "stockops.toml": "cfg\n", "models/AAPL/old.bin": "old", "models/AAPL/keep.json": "{}", "README.md": "r\n" }, { branches: ["red/AAPL"] });
    const dir = await cloneOf(remote, "red/AAPL");
    const repo = openGitRepo({ dir });
    const head = await repo.fetchBranch("red/AAPL");
    expect(head).toBe(await gitCli(remote.bareDir, ["rev-parse", "red/AAPL"]));
    expect(await repo.headCommit()).toBe(head);

    const commit = await repo.commitFiles({
      branch: "red/AAPL",
      parent: head,
      changes: { "models/AAPL/metrics.json": '{"mae":1}\n', "models/AAPL/old.bin": null, "reports/AAPL.md": "# AAPL\n" },
      message: "models(red/AAPL): v1",
      author: { ...GITHUB_ACTIONS_BOT, timestamp: 1_700_000_000 },
    });
    expect(await repo.listFiles(commit, "models/AAPL")).toEqual(["models/AAPL/keep.json", "models/AAPL/metrics.json"]);
    expect(text(await repo.readFile(commit, "stockops.toml"))).toBe("cfg\n");
    expect(await repo.readFile(commit, "models/AAPL/old.bin")).toBeUndefined();

    await repo.tag("models/red/AAPL/v1", commit);
    await repo.push("red/AAPL", "branch");
    await repo.push("models/red/AAPL/v1", "tag");

    expect(await gitCli(remote.bareDir, ["rev-parse", "red/AAPL"])).toBe(commit);
    expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%an <%ae>|%s|%at", "red/AAPL"])).toBe(
      "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|models(red/AAPL): v1|1700000000",
    );
    expect(await gitCli(remote.bareDir, ["show", "red/AAPL:reports/AAPL.md"])).toBe("# AAPL");
    expect(await repo.listRemoteRefs("refs/tags/models/red/")).toEqual({ "refs/tags/models/red/AAPL/v1": commit });
    // git's own checker agrees the objects isomorphic-git wrote are sound.
    await gitCli(remote.bareDir, ["fsck", "--strict", "--no-dangling"]);
  });

  it("reports a non-fast-forward push as PushRejectedError and does not move the remote", async () => {
    const remote = await setup({ "a.txt": "a\n" });
    const repo = openGitRepo({ dir: await cloneOf(remote, "main") });
    const other = await cloneOf(remote, "main", "other");
    await gitCli(other, ["commit", "--quiet", "--allow-empty", "-m", "other wins"]);
    await gitCli(other, ["push", "--quiet", "origin", "main"]);
    const stale = await repo.headCommit();
    await repo.commitFiles({ branch: "main", parent: stale, changes: { "b.txt": "b" }, message: "mine", author: GITHUB_ACTIONS_BOT });
    const error = await repo.push("main", "branch").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PushRejectedError);
    expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%s", "main"])).toBe("other wins");
  });

  it("authenticates with a token as x-access-token", async () => {
    const remote = await setup({ "a.txt": "a\n" }, { token: "ghs_token" });
    const parent = await makeTempDir();
    cleanups.push(() => rm(parent, { recursive: true, force: true }));
    const url = new URL(remote.url);
    url.username = "x-access-token";
    url.password = "ghs_token";
    await gitCli(parent, ["clone", "--quiet", url.toString(), "c"]);
    const dir = join(parent, "c");
    await gitCli(dir, ["remote", "set-url", "origin", remote.url]);

    await expect(openGitRepo({ dir }).fetchBranch("main")).rejects.toThrow(/401|auth/i);
    await expect(openGitRepo({ dir, token: "wrong" }).fetchBranch("main")).rejects.toThrow();
    const repo = openGitRepo({ dir, token: "ghs_token" });
    const head = await repo.fetchBranch("main");
    const commit = await repo.commitFiles({ branch: "main", parent: head, changes: { "b.txt": "b" }, message: "b", author: GITHUB_ACTIONS_BOT });
    await repo.push("main", "branch");
    expect(await gitCli(remote.bareDir, ["rev-parse", "main"])).toBe(commit);
  });
});

describe("pushWithRetry", () => {
  it("after a rejection fetches the winner's head, re-applies on it and lands both commits, linear and unforced", async () => {
    const remote = await setup({ "log.txt": "" });
    const mine = openGitRepo({ dir: await cloneOf(remote, "main") });
    const rival = await cloneOf(remote, "main", "rival");
    const logger = memoryLogger();
    const heads: Array<string | undefined> = [];

    const outcome = await pushWithRetry({
      repo: mine,
      branch: "main",
      logger,
      policy: noSleep,
      prepare: async (head, attempt) => {
        heads.push(head);
        if (attempt === 1) {
          // A rival publishes between our fetch and our push: the race made deterministic.
          await gitCli(rival, ["commit", "--quiet", "--allow-empty", "-m", "rival"]);
          await gitCli(rival, ["push", "--quiet", "origin", "main"]);
        }
        const log = text(await mine.readFile(head!, "log.txt")) ?? "";
        const commit = await mine.commitFiles({ branch: "main", parent: head, changes: { "log.txt": `${log}mine ${attempt}\n` }, message: "mine", author: GITHUB_ACTIONS_BOT });
        return { commit, tags: ["mine"], value: attempt };
      },
    });

    expect(outcome).toMatchObject({ pushed: true, attempts: 2, value: 2 });
    expect(heads[1]).not.toBe(heads[0]);
    expect(await gitCli(remote.bareDir, ["log", "--format=%s", "main"])).toBe("mine\nrival\ninitial");
    expect(await gitCli(remote.bareDir, ["rev-list", "--merges", "--count", "main"])).toBe("0");
    expect(await gitCli(remote.bareDir, ["show", "main:log.txt"])).toBe("mine 2");
    expect(await gitCli(remote.bareDir, ["rev-parse", "mine"])).toBe(outcome.commit);
    // Only the tag of the commit that landed exists, locally too: the lost attempt left no stale tag.
    expect(await mine.listTags()).toEqual(["mine"]);
    expect(await mine.resolveRef("mine")).toBe(outcome.commit);
    expect(logger.lines.some((line) => /lost a race \(attempt 1\)/.test(line))).toBe(true);
  });

  it("gives up after maxAttempts with a GitError, never forcing", async () => {
    const remote = await setup({ "a.txt": "a\n" });
    const mine = openGitRepo({ dir: await cloneOf(remote, "main") });
    const rival = await cloneOf(remote, "main", "rival");
    let calls = 0;
    await expect(
      pushWithRetry({
        repo: mine,
        branch: "main",
        policy: { ...noSleep, maxAttempts: 3 },
        prepare: async (head) => {
          calls += 1;
          await gitCli(rival, ["commit", "--quiet", "--allow-empty", "-m", `rival ${calls}`]);
          await gitCli(rival, ["push", "--quiet", "origin", "main"]);
          const commit = await mine.commitFiles({ branch: "main", parent: head, changes: { "m.txt": "m" }, message: "mine", author: GITHUB_ACTIONS_BOT });
          return { commit, value: null };
        },
      }),
    ).rejects.toThrow(/still rejected after 3 attempts.*nothing was forced/);
    expect(calls).toBe(3);
    expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%s", "main"])).toBe("rival 3");
  });

  it("skips the push when prepare finds nothing to commit", async () => {
    const remote = await setup({ "a.txt": "a\n" });
    const mine = openGitRepo({ dir: await cloneOf(remote, "main") });
    const before = await gitCli(remote.bareDir, ["rev-parse", "main"]);
    const outcome = await pushWithRetry({ repo: mine, branch: "main", prepare: async () => ({ value: "same" }) });
    expect(outcome).toEqual({ value: "same", commit: undefined, pushed: false, attempts: 1 });
    expect(await gitCli(remote.bareDir, ["rev-parse", "main"])).toBe(before);
  });

  it("backs off exponentially with jitter in the upper half, capped", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, { ...policy, random: () => 0 }))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, { ...policy, random: () => 0.999999 }))).toEqual([100, 200, 400, 800, 1000]);
  });
});
