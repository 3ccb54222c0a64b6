import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GITHUB_ACTIONS_BOT, PushRejectedError } from "../../src/gitops/git-repo.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { parsePktLines, pktLine } from "../../src/gitops/receive-pack.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Parameters<typeof createTempRemote>[1] = {}): Promise<TempRemote> {
  const remote = await createTempRemote({ "a.txt": "a\n", "dir/b.txt": "b\n" }, { branches: ["red/AAPL"], ...options });
  cleanups.push(remote.cleanup);
  return remote;
}

async function cloneOf(remote: TempRemote, branch: string, args: string[] = []): Promise<string> {
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", ...args, "--branch", branch, remote.url, "clone"]);
  return join(parent, "clone");
}

const refsOf = async (remote: TempRemote) => gitCli(remote.bareDir, ["for-each-ref", "--format=%(refname) %(objectname)"]);

describe("pushAtomic: branch and tag in one receive-pack request (git's atomic capability)", () => {
  it("moves the branch and creates the tag together, with every new object, from a shallow clone too", async () => {
    const remote = await setup({ token: "ghs_secret" });
    const dir = await cloneOf(remote, "red/AAPL", ["--depth", "1", `--config`, `http.extraHeader=Authorization: Basic ${Buffer.from("x-access-token:ghs_secret").toString("base64")}`]);
    const repo = openGitRepo({ dir, token: "ghs_secret" });
    const head = await repo.fetchBranch("red/AAPL");
    const commit = await repo.commitFiles({ parent: head, changes: { "dir/c.txt": "c\n", "models/AAPL/m.json": "{}\n" }, message: "v1", author: GITHUB_ACTIONS_BOT });

    await repo.pushAtomic([
      { ref: "red/AAPL", kind: "branch", commit, expected: head },
      { ref: "models/red/AAPL/v1", kind: "tag", commit, expected: undefined },
    ]);

    expect(await gitCli(remote.bareDir, ["rev-parse", "red/AAPL", "models/red/AAPL/v1"])).toBe(`${commit}\n${commit}`);
    expect(await gitCli(remote.bareDir, ["show", "red/AAPL:dir/c.txt"])).toBe("c");
    await gitCli(remote.bareDir, ["fsck", "--strict", "--no-dangling"]);
    expect(await repo.resolveRef(`refs/remotes/origin/red/AAPL`)).toBe(commit);
  });

  it("a tag that already exists refuses the whole push: the branch does not move either", async () => {
    const remote = await setup();
    const dir = await cloneOf(remote, "red/AAPL");
    const repo = openGitRepo({ dir });
    const head = (await repo.fetchBranch("red/AAPL"))!;
    await gitCli(remote.bareDir, ["tag", "models/red/AAPL/v1", head]);
    const before = await refsOf(remote);
    const commit = await repo.commitFiles({ parent: head, changes: { "x.txt": "x\n" }, message: "v1", author: GITHUB_ACTIONS_BOT });

    const push = repo.pushAtomic([
      { ref: "red/AAPL", kind: "branch", commit, expected: head },
      { ref: "models/red/AAPL/v1", kind: "tag", commit, expected: undefined },
    ]);

    await expect(push).rejects.toBeInstanceOf(PushRejectedError);
    await expect(push).rejects.toThrow(/no ref was moved/);
    await expect(push).rejects.not.toThrow(/force/i);
    expect(await refsOf(remote)).toBe(before);
  });

  it("a branch that moved since it was fetched refuses the whole push (compare and swap on the old value)", async () => {
    const remote = await setup();
    const dir = await cloneOf(remote, "red/AAPL");
    const repo = openGitRepo({ dir });
    const head = (await repo.fetchBranch("red/AAPL"))!;
    const rival = await cloneOf(remote, "red/AAPL");
    await gitCli(rival, ["commit", "--quiet", "--allow-empty", "-m", "rival"]);
    await gitCli(rival, ["push", "--quiet", "origin", "red/AAPL"]);
    const before = await refsOf(remote);
    const commit = await repo.commitFiles({ parent: head, changes: { "x.txt": "x\n" }, message: "mine", author: GITHUB_ACTIONS_BOT });

    await expect(
      repo.pushAtomic([
        { ref: "red/AAPL", kind: "branch", commit, expected: head },
        { ref: "models/red/AAPL/v1", kind: "tag", commit, expected: undefined },
      ]),
    ).rejects.toBeInstanceOf(PushRejectedError);
    expect(await refsOf(remote)).toBe(before);
  });

  it("over the git CLI (a local-path origin) the same: a tag that exists refuses the branch too; both land otherwise", async () => {
    const remote = await setup();
    const parent = await makeTempDir();
    cleanups.push(() => rm(parent, { recursive: true, force: true }));
    await gitCli(parent, ["clone", "--quiet", "--branch", "red/AAPL", remote.bareDir, "clone"]);
    const repo = openGitRepo({ dir: join(parent, "clone") });
    const head = (await repo.fetchBranch("red/AAPL"))!;
    await gitCli(remote.bareDir, ["tag", "models/red/AAPL/v1", head]);
    const before = await refsOf(remote);
    const commit = await repo.commitFiles({ parent: head, changes: { "x.txt": "x\n" }, message: "v1", author: GITHUB_ACTIONS_BOT });
    const updates = (tag: string) => [
      { ref: "red/AAPL", kind: "branch" as const, commit, expected: head },
      { ref: tag, kind: "tag" as const, commit, expected: undefined },
    ];
    await expect(repo.pushAtomic(updates("models/red/AAPL/v1"))).rejects.toBeInstanceOf(PushRejectedError);
    expect(await refsOf(remote)).toBe(before);
    await repo.pushAtomic(updates("models/red/AAPL/v2"));
    expect(await gitCli(remote.bareDir, ["rev-parse", "red/AAPL", "models/red/AAPL/v2"])).toBe(`${commit}\n${commit}`);
  });

  it("pkt-lines round-trip (gitprotocol-common: 4 hex digits of length, payload included)", () => {
    const line = pktLine("ok refs/heads/main\n");
    expect(new TextDecoder().decode(line)).toBe("0017ok refs/heads/main\n");
    const joined = new Uint8Array([...line, ...new TextEncoder().encode("0000"), ...pktLine("unpack ok\n")]);
    expect(parsePktLines(joined)).toEqual(["ok refs/heads/main", "unpack ok"]);
  });
});
