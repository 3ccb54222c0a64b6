// stockops branches migrate-workflows (docs/decisions/0020): main's pipeline.yml and pr-report.yml onto
// every model branch whose copies differ, one commit each, against the real git http-backend.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const BRANCHES_JSON = JSON.stringify({
  teams: { red: {}, blue: {} },
  branches: [
    { team: "red", symbol: "AAPL" },
    { team: "red", symbol: "SPX" },
    { team: "blue", symbol: "SPX" },
  ],
});
const OLD = "name: pipeline\n# the old copy, running the branch's own code\n";
const NEW = "name: pipeline\n# main's copy: checks out main, the branch at model/\n";
const REPORT = "name: pr-report\n";

async function setup(): Promise<{ remote: TempRemote; dir: string }> {
  const remote = await createTempRemote(
    { "branches.json": BRANCHES_JSON, ".github/workflows/pipeline.yml": OLD, ".github/workflows/pr-report.yml": REPORT },
    { branches: ["red/AAPL", "red/SPX"] },
  );
  cleanups.push(remote.cleanup);
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", remote.url, "main"]);
  const dir = join(parent, "main");
  await writeFile(join(dir, ".github/workflows/pipeline.yml"), NEW);
  await gitCli(dir, ["commit", "--quiet", "-am", "pipeline.yml: main's code"]);
  await gitCli(dir, ["push", "--quiet", "origin", "main"]);
  // red/SPX was already migrated by hand.
  await gitCli(parent, ["clone", "--quiet", "--branch", "red/SPX", remote.url, "spx"]);
  await writeFile(join(parent, "spx", ".github/workflows/pipeline.yml"), NEW);
  await gitCli(join(parent, "spx"), ["commit", "--quiet", "-am", "migrated"]);
  await gitCli(join(parent, "spx"), ["push", "--quiet", "origin", "red/SPX"]);
  return { remote, dir };
}

async function cli(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, await loadCommands(), { out: (text) => out.push(text), cwd, env: {}, logger: memoryLogger() }, (text) => err.push(text));
  return { code, out: out.join("\n"), err: err.join("") };
}

describe("stockops branches migrate-workflows", () => {
  it("lists, then updates, only the branches whose workflow copies differ from main's", async () => {
    const { remote, dir } = await setup();
    const tips = async () => gitCli(remote.bareDir, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/"]);
    const before = await tips();

    const dry = await cli(["branches", "migrate-workflows", "--dry-run"], dir);
    expect(dry.err).toBe("");
    expect(dry.out.split("\n")).toEqual([
      expect.stringMatching(/^red\/AAPL +would-update: \.github\/workflows\/pipeline\.yml$/),
      expect.stringMatching(/^red\/SPX +current$/),
      expect.stringMatching(/^blue\/SPX +missing$/),
    ]);
    expect(await tips()).toBe(before);

    const run = await cli(["branches", "migrate-workflows"], dir);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^red\/AAPL +updated: \.github\/workflows\/pipeline\.yml \([0-9a-f]{12}\)$/m);
    expect(await gitCli(remote.bareDir, ["show", "red/AAPL:.github/workflows/pipeline.yml"])).toBe(NEW.trim());
    expect(await gitCli(remote.bareDir, ["show", "red/AAPL:.github/workflows/pr-report.yml"])).toBe(REPORT.trim());
    expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%s", "red/AAPL"])).toMatch(/^ci: main's workflow files \(pipeline\.yml\)/);
    expect(await gitCli(remote.bareDir, ["diff", "--name-only", "red/AAPL~1", "red/AAPL"])).toBe(".github/workflows/pipeline.yml");

    const again = await cli(["branches", "migrate-workflows"], dir);
    expect(again.out).toMatch(/^red\/AAPL +current$/m);
  });
});
