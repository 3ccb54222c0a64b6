import { rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { runDoctor } from "../../src/doctor/doctor.js";
import { GitError } from "../../src/errors.js";
import { GITHUB_ACTIONS_BOT, PushRejectedError } from "../../src/gitops/git-repo.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { pushWithRetry } from "../../src/gitops/push-with-retry.js";
import { redactUrl, remoteAccessHint, remoteTransportKind, resolveRemoteAddress } from "../../src/gitops/remote-url.js";
import { createBareRepo } from "../../src/gitops/git-http-server.js";
import { createTempRepo, gitCli, gitTestEnv, makeTempDir } from "../support/temp-repo.js";

const cleanups: string[] = [];
afterEach(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function temp(): Promise<string> {
  const dir = await makeTempDir("stockops-cli-transport-");
  cleanups.push(dir);
  return dir;
}

/** A bare origin on disk with main and red/AAPL, and `count` clones of it made by `git clone <path>`. */
async function localOrigin(count: number): Promise<{ bare: string; clones: string[] }> {
  const root = await temp();
  const bare = await createBareRepo(root, "origin");
  const seed = await createTempRepo({ "branches.json": "{}\n" });
  cleanups.push(seed);
  await gitCli(seed, ["branch", "red/AAPL"]);
  await gitCli(seed, ["push", "--quiet", bare, "--all"]);
  const clones: string[] = [];
  for (let index = 0; index < count; index += 1) {
    await gitCli(root, ["clone", "--quiet", bare, `clone${index}`]);
    clones.push(join(root, `clone${index}`));
  }
  return { bare, clones };
}

const noSleep = { sleep: async () => {}, random: () => 0.5 };

describe("which transport a remote address needs (git-clone(1), GIT URLS)", () => {
  it.each([
    ["https://github.com/acme/stocks.git", "http"],
    ["http://127.0.0.1:8080/acme/stocks.git", "http"],
    ["git@github.com:acme/stocks.git", "ssh"],
    ["github.com:acme/stocks.git", "ssh"],
    ["ssh://git@github.com:22/acme/stocks.git", "ssh"],
    ["git+ssh://git@github.com/acme/stocks.git", "ssh"],
    ["host.xz:~user/path/to/repo.git/", "ssh"],
    ["/srv/git/stocks.git", "local"],
    ["../stocks.git", "local"],
    ["./foo:bar", "local"],
    ["stocks.git", "local"],
    ["file:///srv/git/stocks.git", "local"],
    ["C:\\git\\stocks.git", "local"],
    ["C:/git/stocks.git", "local"],
    ["git://git.kernel.org/pub/scm/git/git.git", "other"],
    ["ext::ssh -i key host %S stocks.git", "other"],
  ] as const)("%s → %s", (url, kind) => {
    expect(remoteTransportKind(url)).toBe(kind);
  });

  it("hints name what each transport needs; credentials never reach a message", () => {
    expect(remoteAccessHint("https://github.com/acme/stocks.git")).toBe("check the origin URL and GITHUB_TOKEN");
    expect(remoteAccessHint("git@github.com:acme/stocks.git")).toMatch(/SSH key loaded in ssh-agent, host in known_hosts, GIT_SSH_COMMAND/);
    expect(remoteAccessHint("file:///srv/stocks.git")).toMatch(/must name an existing git repository on this machine/);
    expect(remoteAccessHint("/srv/stocks.git")).not.toMatch(/GITHUB_TOKEN/);
    expect(redactUrl("https://x-access-token:ghs_secret@github.com/acme/stocks.git")).toBe("https://***@github.com/acme/stocks.git");
    expect(resolveRemoteAddress("../origin.git", "/work/clone")).toBe("/work/origin.git");
    expect(resolveRemoteAddress("git@github.com:acme/stocks.git", "/work/clone")).toBe("git@github.com:acme/stocks.git");
  });
});

describe("GitRepo over a local-path origin (the git command line)", () => {
  it("fetches, lists remote refs, pushes a branch and a tag, and never forces", async () => {
    const { bare, clones } = await localOrigin(1);
    const repo = openGitRepo({ dir: clones[0]! });
    const head = await repo.fetchBranch("red/AAPL");
    expect(head).toBe(await gitCli(bare, ["rev-parse", "red/AAPL"]));
    expect(await repo.fetchBranch("blue/MSFT")).toBeUndefined();
    const commit = await repo.commitFiles({ parent: head, changes: { "models/AAPL/metrics.json": "{}\n" }, message: "models(red/AAPL): v1", author: GITHUB_ACTIONS_BOT });
    await repo.push("red/AAPL", "branch", commit);
    await repo.tag("models/red/AAPL/v1", commit);
    await repo.push("models/red/AAPL/v1", "tag");
    expect(await gitCli(bare, ["rev-parse", "red/AAPL", "models/red/AAPL/v1"])).toBe(`${commit}\n${commit}`);
    expect(await repo.listRemoteRefs("refs/tags/models/")).toEqual({ "refs/tags/models/red/AAPL/v1": commit });
    expect(Object.keys(await repo.listRemoteRefs("refs/heads/")).sort()).toEqual(["refs/heads/main", "refs/heads/red/AAPL"]);

    // A commit not built on the remote's head is refused as a lost race, and the remote keeps its own.
    const stale = await repo.commitFiles({ parent: head, changes: { "x.txt": "x\n" }, message: "stale", author: GITHUB_ACTIONS_BOT });
    const refused = await repo.push("red/AAPL", "branch", stale).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(PushRejectedError);
    expect((refused as Error).message).toMatch(/push of red\/AAPL was rejected: \[rejected\] \((fetch first|non-fast-forward)\)/);
    expect(await gitCli(bare, ["rev-parse", "red/AAPL"])).toBe(commit);
  });

  it("two publishers racing over a file:// origin both land, linear and unforced (push with retry)", async () => {
    const { bare, clones } = await localOrigin(2);
    const url = `file://${bare}`;
    const publish = (dir: string, file: string) =>
      pushWithRetry({
        repo: openGitRepo({ dir, url }),
        branch: "red/AAPL",
        policy: noSleep,
        prepare: async (remoteHead) => {
          const repo = openGitRepo({ dir, url });
          const commit = await repo.commitFiles({ parent: remoteHead, changes: { [file]: `${file}\n` }, message: `add ${file}`, author: GITHUB_ACTIONS_BOT });
          return { commit, value: file };
        },
      });
    const [first, second] = await Promise.all([publish(clones[0]!, "a.txt"), publish(clones[1]!, "b.txt")]);
    expect(first.pushed && second.pushed).toBe(true);
    expect(first.attempts + second.attempts).toBeGreaterThanOrEqual(2);
    expect((await gitCli(bare, ["ls-tree", "--name-only", "red/AAPL"])).split("\n")).toEqual(expect.arrayContaining(["a.txt", "b.txt"]));
    expect(await gitCli(bare, ["rev-list", "--count", "--merges", "red/AAPL"])).toBe("0");
  });

  it("a path that is no repository is one GitError whose hint speaks of paths, and doctor shows that hint as the fix", async () => {
    const { clones } = await localOrigin(1);
    const missing = join(await temp(), "gone.git");
    const repo = openGitRepo({ dir: clones[0]!, url: missing });
    const error = await repo.listRemoteRefs("refs/heads/").then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toContain(`cannot list refs of origin (${missing})`);
    expect((error as GitError).message).toMatch(/does not appear to be a git repository/);
    expect((error as GitError).hint).toMatch(/must name an existing git repository on this machine/);
    const findings = await runDoctor({ dir: clones[0]!, repo, env: {} });
    expect(findings.filter((finding) => finding.check === "branches")).toEqual([
      expect.objectContaining({ status: "fail", fix: expect.stringMatching(/must name an existing git repository on this machine/) }),
    ]);
  });
});

describe("stockops branches sync --remote with a relative path", () => {
  it("creates the missing branch on the bare repository the path names from where the command runs", async () => {
    const { bare, clones } = await localOrigin(1);
    const dir = clones[0]!;
    await writeFile(join(dir, "branches.json"), JSON.stringify({ teams: { blue: {} }, branches: [{ team: "blue", symbol: "AAPL" }] }));
    const out: string[] = [];
    const err: string[] = [];
    const cwd = join(dir, "..");
    const argv = ["branches", "sync", "--dir", "clone0", "--remote", relative(cwd, bare)];
    const code = await runCli(argv, await loadCommands(), { out: (text) => out.push(text), cwd, env: { ...gitTestEnv, GITHUB_TOKEN: "" }, logger: memoryLogger() }, (text) => err.push(text));
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/blue\/AAPL\s+created/);
    expect(await gitCli(bare, ["show", "blue/AAPL:stockops.toml"])).toContain('team = "blue"');
  });
});
