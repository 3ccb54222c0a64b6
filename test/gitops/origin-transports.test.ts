import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import type { Command } from "../../src/cli/command.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { startSshServer, sshUnavailableReason, type SshServer } from "../support/ssh-server.js";
import { gitCli, gitTestEnv, makeTempDir } from "../support/temp-repo.js";
import { copyOrigin, createPublishedOrigin, type PublishedOrigin } from "./published-origin.js";

/**
 * Issue 11, part 3: origins as users have them. The same published origin (a bare repository) is
 * reached over SSH (a real OpenSSH sshd on 127.0.0.1, key authentication), as a file:// URL and as a
 * plain path, and each command that reads or pushes refs runs through the CLI against a clone of it.
 */
const SSH_SKIP = sshUnavailableReason();
if (SSH_SKIP) console.warn(`origin-transports: SSH tests skipped: ${SSH_SKIP}`);

let commands: Command[];
let published: PublishedOrigin;
let ssh: SshServer | undefined;
const temps: string[] = [];
let homeSshBefore: string;

/** Names, sizes and mtimes under ~/.ssh ("absent" when there is none), to show the SSH tests left it alone. */
async function homeSshState(): Promise<string> {
  const dir = join(homedir(), ".ssh");
  const entries = await readdir(dir).catch(() => undefined);
  if (!entries) return "absent";
  const states = await Promise.all(entries.sort().map(async (name) => {
    const info = await stat(join(dir, name));
    return `${name}:${info.size}:${info.mtimeMs}`;
  }));
  return states.join("\n");
}

beforeAll(async () => {
  homeSshBefore = await homeSshState();
  commands = await loadCommands();
  published = await createPublishedOrigin();
  if (!SSH_SKIP) ssh = await startSshServer();
}, 240_000);

afterAll(async () => {
  await ssh?.stop();
  await published?.cleanup();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

interface Transport {
  name: string;
  skip?: string;
  url(bareDir: string): string;
  env(): NodeJS.ProcessEnv;
}

const plainEnv = (): NodeJS.ProcessEnv => ({ ...gitTestEnv, GITHUB_TOKEN: "" });
const TRANSPORTS: Transport[] = [
  { name: "SSH (scp-like user@127.0.0.1:/path, real sshd)", ...(SSH_SKIP ? { skip: SSH_SKIP } : {}), url: (bare) => ssh!.scpUrl(bare), env: () => ({ ...plainEnv(), GIT_SSH_COMMAND: ssh!.gitSshCommand }) },
  { name: "file:// URL", url: (bare) => pathToFileURL(bare).href, env: plainEnv },
  { name: "local path", url: (bare) => bare, env: plainEnv },
];

async function cli(cwd: string, env: NodeJS.ProcessEnv, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const logger = memoryLogger();
  const code = await runCli(argv, commands, { out: (text) => out.push(text), cwd, env, logger }, (text) => err.push(text));
  return { code, out: out.join("\n"), err: err.join(""), log: logger.lines.join("\n") };
}

async function tempDir(): Promise<string> {
  const dir = await makeTempDir("stockops-transport-");
  temps.push(dir);
  return dir;
}

/** `git clone <url>` with the transport's environment, as a user clones. */
async function cloneOver(transport: Transport, url: string): Promise<string> {
  const parent = await tempDir();
  await gitCli(parent, ["-c", `core.sshCommand=${transport.env().GIT_SSH_COMMAND ?? "ssh"}`, "clone", "--quiet", url, "main"]);
  return join(parent, "main");
}

describe.each(TRANSPORTS)("origin over $name", (transport) => {
  let bare: string;
  let url: string;
  let clone: string;

  beforeAll(async () => {
    if (transport.skip) return;
    bare = await copyOrigin(published, await tempDir());
    url = transport.url(bare);
    clone = await cloneOver(transport, url);
  }, 60_000);

  it.skipIf(transport.skip)(`doctor lists the origin's branches and reads their champions${transport.skip ? ` (skipped: ${transport.skip})` : ""}`, async () => {
    expect(await gitCli(clone, ["remote", "get-url", "origin"])).toBe(url);
    const result = await cli(clone, transport.env(), ["doctor", "--json"]);
    const findings = JSON.parse(result.out) as { check: string; status: string; message: string }[];
    expect(findings.filter((finding) => finding.check === "branches")).toEqual([
      { check: "branches", status: "ok", message: "all 1 model branches exist" },
      expect.objectContaining({ status: "warn", message: "no trading branch yet (ledgers, monitoring logs)" }),
    ]);
    expect(findings.find((finding) => finding.check === "champions")).toMatchObject({ status: "ok", message: "every existing model branch has a champion" });
    expect(result.err).toBe("");
  });

  it.skipIf(transport.skip)("runs, compare and champion history read the origin itself (--repo URL) and the clone made over it", async () => {
    const elsewhere = await tempDir();
    for (const [cwd, repo] of [[elsewhere, url], [clone, "."]] as const) {
      const runs = await cli(cwd, transport.env(), ["runs", "--format", "json", "--repo", repo]);
      expect(runs.err).toBe("");
      const list = JSON.parse(runs.out) as { name: string; commit: string; tag: string }[];
      expect(list.map((run) => [run.name, run.tag, run.commit])).toEqual([
        ["red/AAPL/v2", "models/red/AAPL/v2", published.tags.v2],
        ["red/AAPL/v1", "models/red/AAPL/v1", published.tags.v1],
      ]);
      const history = await cli(cwd, transport.env(), ["champion", "history", "red/AAPL", "--repo", repo]);
      expect(history.code).toBe(0);
      expect(history.out).toMatch(new RegExp(`red/AAPL\\s+v${published.champion}\\s+2018-01-0${published.champion + 1}T21:00:00\\.000Z\\s+now\\s+promoted`));
      const compare = await cli(cwd, transport.env(), ["compare", "red/AAPL/v1", "red/AAPL/v2", "--format", "md", "--repo", repo]);
      expect(compare.code).toBe(0);
      expect(compare.out).toMatch(/\| param \| model\.alpha \| 1 \| 50 \| changed \|/);
    }
  });

  it.skipIf(transport.skip)("monitor --dry-run reads each champion over it", async () => {
    const result = await cli(clone, transport.env(), ["monitor", "--dry-run", "--json"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as { measurements: { branch: string; champion: { tag: string } }[] };
    expect(summary.measurements.map((measurement) => [measurement.branch, measurement.champion.tag])).toEqual([["red/AAPL", `models/red/AAPL/v${published.champion}`]]);
  }, 120_000);

  it.skipIf(transport.skip)("trade --push commits the day to the origin's trading branch", async () => {
    const result = await cli(clone, transport.env(), ["trade", "--team", "red", "--date", "2018-03-08", "--push", "--json"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const ledger = (await gitCli(bare, ["show", "refs/heads/trading:ledger/red.jsonl"])).split("\n").map((line) => JSON.parse(line) as { date: string });
    expect(ledger.map((entry) => entry.date)).toEqual(["2018-03-08"]);
    const tip = await gitCli(bare, ["rev-parse", "refs/heads/trading"]);
    expect(result.log).toContain(`pushed ${tip} to trading`);
    const summary = JSON.parse(result.out) as { written: string[] };
    expect(summary.written).toEqual(["2018-03-08"]);
    // The rerun fetches the trading branch over the same transport and finds the day recorded.
    const again = await cli(clone, transport.env(), ["trade", "--team", "red", "--date", "2018-03-08", "--push"]);
    expect(again.code).toBe(0);
    expect(again.log).toContain("nothing new to push to trading");
    expect(await gitCli(bare, ["rev-parse", "refs/heads/trading"])).toBe(tip);
  }, 120_000);

  it.skipIf(transport.skip)("restore recreates a deleted model branch on the origin, rebuilt identically", async () => {
    await gitCli(bare, ["branch", "-D", "red/AAPL"]);
    const fresh = await cloneOver(transport, url);
    const scratch = join(await tempDir(), "scratch");
    await mkdir(scratch);
    const result = await cli(fresh, transport.env(), ["restore", "--scratch", scratch]);
    expect(result.err).toBe("");
    expect(result.out).toContain(`red/AAPL: recreated (latest v2, champion v${published.champion})`);
    expect(result.out).toContain("models/red/AAPL/v2 ridge");
    expect(result.out).toContain("identical weights");
    expect(await gitCli(bare, ["rev-parse", "refs/heads/red/AAPL"])).toBe(published.head);
    expect(result.code).toBe(0);
  }, 180_000);

  it.skipIf(transport.skip)("champion set commits the new champion.json to the origin's branch", async () => {
    const target = published.champion === 1 ? 2 : 1;
    const result = await cli(clone, transport.env(), ["champion", "set", "red/AAPL", `v${target}`, "--reason", "rollback drill"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const champion = JSON.parse(await gitCli(bare, ["show", "refs/heads/red/AAPL:models/AAPL/champion.json"])) as { version: number; reason: string };
    expect(champion.version).toBe(target);
    expect(champion.reason).toMatch(/^set by hand: rollback drill/);
    expect(await gitCli(bare, ["rev-parse", "refs/heads/red/AAPL~1"])).toBe(published.head);
    expect(result.out).toContain(`red/AAPL: champion is now v${target} (${(await gitCli(bare, ["rev-parse", "refs/heads/red/AAPL"])).slice(0, 12)})`);
  }, 60_000);
});

describe.skipIf(SSH_SKIP)(`an SSH origin that refuses the key${SSH_SKIP ? ` (skipped: ${SSH_SKIP})` : ""}`, () => {
  it("doctor fails the branches check with git's reason and an SSH hint, not a GITHUB_TOKEN one", async () => {
    const bare = await copyOrigin(published, await tempDir());
    const clone = await cloneOver(TRANSPORTS[0]!, ssh!.scpUrl(bare));
    const env = { ...plainEnv(), GIT_SSH_COMMAND: ssh!.gitSshCommand.replace(/-i \S+/, "-i /dev/null") };
    const result = await cli(clone, env, ["doctor"]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL branches: the git remote cannot be read: .*cannot list refs of origin \(.*@127\.0\.0\.1:.*origin\.git\): .*Permission denied \(publickey\)/);
    expect(result.out).toMatch(/fix: check the origin URL and that 'git ls-remote <url>' works from a shell \(SSH key loaded in ssh-agent/);
    const lines = result.out.split("\n");
    const fix = lines[lines.findIndex((line) => line.startsWith("FAIL branches")) + 1]!;
    expect(fix).not.toContain("GITHUB_TOKEN");
  }, 60_000);

  it("left ~/.ssh as it was: keys, known_hosts and config all live in the test's temp folder", async () => {
    expect(await homeSshState()).toBe(homeSshBefore);
  });
});
