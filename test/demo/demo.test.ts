import { execFile } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { prepareSandbox } from "../../src/demo/demo-sandbox.js";
import { setDataEnd, setDemoGate, setModelKind } from "../../src/demo/run-demo.js";
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

/**
 * Acceptance 1 on a fresh clone of the committed tree: `node bin/stockops.js demo` (what `npm start` runs)
 * with the clone's lib/ built as `npm ci` would, node_modules linked from this checkout (no network).
 */
describe("npm start on a fresh clone", () => {
  it("plays the whole loop and leaves branches, versions, tags, the PR comment and the ledger on the origin", { timeout: 600_000 }, async () => {
    const clone = join(await makeTempDir("stockops-demo-clone-"), "stockops");
    await gitCli(PROJECT, ["clone", "--quiet", "--no-local", PROJECT, clone]);
    await symlink(join(PROJECT, "node_modules"), join(clone, "node_modules"), "dir");
    await execFileAsync(process.execPath, [join(PROJECT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: clone });
    const { stdout } = await execFileAsync(process.execPath, ["bin/stockops.js", "demo"], { cwd: clone, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GITHUB_TOKEN: "" } });

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
  });
});
