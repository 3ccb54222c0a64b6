import { execFile } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareSandbox } from "../../src/demo/demo-sandbox.js";
import { setDataEnd, setDemoGate, setModelKind } from "../../src/demo/run-demo.js";
import { readmeCommands } from "../support/readme-commands.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";

const execFileAsync = promisify(execFile);
const PROJECT = join(import.meta.dirname, "..", "..");

describe("demo sandbox and config edits", () => {
  it("a second run removes the previous sandbox and says it started clean", async () => {
    const dir = join(await makeTempDir(), "demo");
    expect(await prepareSandbox(dir)).toBe("new");
    await mkdir(join(dir, "git"), { recursive: true });
    await writeFile(join(dir, "git", "left-over"), "x");
    expect(await prepareSandbox(dir)).toBe("cleaned");
    await expect(readFile(join(dir, "git", "left-over"))).rejects.toThrow();
  });

  it("edits stockops.toml the way a person would", () => {
    const toml = 'symbol = "AAPL"\n\n[data]\nsource = "package"\n\n[model]\nkind = "ridge"\n';
    expect(setDataEnd(toml, "2018-02-09")).toBe('symbol = "AAPL"\n\n[data]\nend = "2018-02-09"\nsource = "package"\n\n[model]\nkind = "ridge"\n');
    expect(setModelKind(toml, "mlp")).toContain('kind = "mlp"');
    expect(setDemoGate(toml)).toMatch(/\n\[gate\]\nmin_skill_vs_naive = -0\.1\n$/);
    expect(setDemoGate(`${toml}\n[gate]\nmin_skill_vs_naive = 0.2\n`)).toMatch(/\[gate\]\nmin_skill_vs_naive = -0\.1\n$/);
  });
});

describe("the README's command convention", () => {
  it("takes npx stockops lines from sh blocks, skips stockops lines, and refuses npx stockops anywhere else", async () => {
    const dir = await makeTempDir();
    const good = join(dir, "good.md");
    await writeFile(good, "Every `npx stockops` line runs.\n\n```sh\nnpx stockops runs --repo x   # note\nstockops doctor\n```\n");
    expect(await readmeCommands(good)).toEqual([{ line: 4, command: "npx stockops runs --repo x   # note" }]);
    const prose = join(dir, "prose.md");
    await writeFile(prose, "Then run `npx stockops doctor` in a clone.\n");
    await expect(readmeCommands(prose)).rejects.toThrow(/line 1: Then run `npx stockops doctor` in a clone\./);
    const otherFence = join(dir, "fence.md");
    await writeFile(otherFence, "```text\nnpx stockops doctor\n```\n");
    await expect(readmeCommands(otherFence)).rejects.toThrow(/line 2: npx stockops doctor/);
    expect((await readmeCommands(join(PROJECT, "README.md"))).length).toBeGreaterThan(10);
  });
});

/**
 * Acceptance 1 on a fresh clone of the committed tree: `node bin/stockops.js demo` (what `npm start` runs)
 * with the clone's lib/ built as `npm ci` would, node_modules linked from this checkout (no network). One
 * demo run serves both tests: the second plays every `npx stockops` line of the clone's README after it.
 */
describe("npm start on a fresh clone", () => {
  let clone = "";
  let stdout = "";

  beforeAll(async () => {
    clone = join(await makeTempDir("stockops-demo-clone-"), "stockops");
    // As a fresh clone of the published repository: refs a demo once left in this checkout are not carried over.
    await gitCli(PROJECT, ["clone", "--quiet", "--no-local", "--no-tags", "--single-branch", PROJECT, clone]);
    await symlink(join(PROJECT, "node_modules"), join(clone, "node_modules"), "dir");
    await execFileAsync(process.execPath, [join(PROJECT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: clone });
    ({ stdout } = await execFileAsync(process.execPath, ["bin/stockops.js", "demo"], { cwd: clone, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GITHUB_TOKEN: "" } }));
  }, 600_000);

  it("plays the whole loop and leaves branches, versions, tags, the PR comment and the ledger on the origin", () => expectDemoOrigin(clone, stdout));

  it("leaves the checkout wired so every npx stockops line of the README runs as written", { timeout: 900_000 }, async () => {
    for (const branch of ["red/AAPL", "blue/SPX", "exp/red/AAPL/mlp", "trading"]) expect(await gitCli(clone, ["rev-parse", "--verify", `refs/heads/${branch}`])).toMatch(/^[0-9a-f]{40}$/);
    expect(await gitCli(clone, ["log", "-1", "--format=%s", "refs/heads/red/AAPL"])).toBe("Merge pull request #1 from exp/red/AAPL/mlp");
    expect(stdout).toContain("npx stockops act push --branch red/AAPL");

    const commands = await readmeCommands(join(clone, "README.md"));
    expect(commands.length).toBeGreaterThan(10);
    const outputs = new Map<string, string>();
    for (const { line, command } of commands) {
      const result = await runLine(clone, command);
      expect({ line, command, code: result.code, stderr: result.code === 0 ? "" : result.stderr.slice(-2000) }).toEqual({ line, command, code: 0, stderr: "" });
      expect(result.stdout.trim().length, `README line ${line} printed nothing: ${command}`).toBeGreaterThan(0);
      outputs.set(command.split("#")[0]!.trim(), result.stdout);
    }
    // act published v2 on its own origin, said where, and copied branch and tag back; the next commands find them.
    const act = [...outputs].find(([command]) => command.startsWith("npx stockops act push"))![1];
    expect(act).toMatch(/Published to .*\.stockops\/act\/git\/local\/stockops\.git:\n(.*\n)* {2}new tag models\/red\/AAPL\/v2 at [0-9a-f]{12}/);
    expect(act).toContain("Copied into this checkout: red/AAPL, models/red/AAPL/v2");
    const runs = [...outputs].find(([command]) => command.startsWith("npx stockops runs"))![1];
    expect(runs).toMatch(/^red\/AAPL\/v2 +\S+ \S+ +[0-9a-f]{12} +red\/AAPL .* mlp /m);
    expect(runs).not.toContain("(no tag)");
    const compare = [...outputs].find(([command]) => command.startsWith("npx stockops compare"))![1];
    expect(compare).toMatch(/\| param \| model\.kind \| ridge \| mlp \| changed \|/);
    expect(await readFile(join(clone, ".stockops", "trading", "ledger", "red.jsonl"), "utf8")).toMatch(/"date":"2018-05-11"/);
  });
});

/** One README line through bash, exactly as written (npx finds this checkout's own bin; offline: no registry). */
async function runLine(cwd: string, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync("bash", ["-c", command], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GITHUB_TOKEN: "", npm_config_offline: "true", npm_config_update_notifier: "false" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error) };
  }
}

async function expectDemoOrigin(clone: string, stdout: string): Promise<void> {
  expect(stdout).toContain("Sandbox: ");
  expect(stdout).toMatch(/Demo finished in \d+\.\d s\./);
  const origin = join(clone, ".stockops", "demo", "git", "demo", "stockops.git");
  const refs = await gitCli(origin, ["for-each-ref", "--format=%(refname)"]);
  for (const branch of ["red/AAPL", "red/SPX", "blue/AAPL", "blue/SPX", "exp/red/AAPL/mlp", "trading"]) expect(refs).toContain(`refs/heads/${branch}`);
  // bootstrap.yml dispatched each new branch's first training; the runner records it and the demo's push trains it, once.
  expect(stdout).toContain("the stand-in recorded 4 dispatches (pipeline.yml red/AAPL, pipeline.yml red/SPX, pipeline.yml blue/AAPL, pipeline.yml blue/SPX)");
  for (const branch of ["red/AAPL", "red/SPX", "blue/AAPL", "blue/SPX"]) {
    expect(refs).toContain(`refs/tags/models/${branch}/v1`);
    expect(refs).not.toContain(`refs/tags/models/${branch}/v2`);
    expect(await gitCli(origin, ["log", "-1", "--format=%an", `refs/heads/${branch}`])).toBe("github-actions[bot]");
  }
  expect(refs).toContain("refs/pull/1/merge");
  expect(stdout).toMatch(/Pull request #1 comment \(1 comment on the stand-in\)/);
  for (const team of ["red", "blue"]) {
    const ledger = await gitCli(origin, ["show", `refs/heads/trading:ledger/${team}.jsonl`]);
    expect(ledger.split("\n").length).toBeGreaterThan(40);
  }
  expect(await gitCli(origin, ["show", "refs/heads/trading:reports/leaderboard.md"])).toMatch(/red/);
}
