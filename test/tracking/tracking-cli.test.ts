import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import champion from "../../src/cli/commands/champion.js";
import compare from "../../src/cli/commands/compare.js";
import runs from "../../src/cli/commands/runs.js";
import { runCli } from "../../src/cli/run-cli.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { createTempRepo, gitCli } from "../support/temp-repo.js";
import { publishLocally } from "./published-fixture.js";

const cleanups: string[] = [];
afterEach(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function cli(cwd: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, [runs, compare, champion], { out: (text) => out.push(text), cwd, env: {}, logger: memoryLogger() }, (text) => err.push(text));
  return { code, out: out.join("\n"), err: err.join("") };
}

async function fixture(): Promise<string> {
  const dir = await createTempRepo({ "README.md": "main\n" });
  cleanups.push(dir);
  await gitCli(dir, ["branch", "red/AAPL"]);
  await publishLocally(openGitRepo({ dir }), "red", "AAPL", [
    { testMae: 1.5, date: "2026-01-05T21:00:00.000Z", epochs: 20 },
    { testMae: 1.3, date: "2026-01-10T21:00:00.000Z", kind: "mlp", epochs: 50 },
    { testMae: 1.4, date: "2026-01-15T21:00:00.000Z", kind: "mlp", epochs: 100 },
  ]);
  return dir;
}

describe("runs, compare and champion commands", () => {
  it("runs filters, sorts and prints table, csv and json; a bad filter is one line and exit 2", async () => {
    const dir = await fixture();
    const table = await cli(dir, ["runs", "--filter", 'params.model.kind = "mlp"', "--sort", "metrics.test_mae DESC"]);
    expect(table.code).toBe(0);
    expect(table.out.split("\n").filter((line) => line.startsWith("red/")).map((line) => line.split(/\s+/)[0])).toEqual(["red/AAPL/v3", "red/AAPL/v2"]);
    expect(table.out).toContain("2 runs");
    const csv = await cli(dir, ["runs", "--format", "csv", "--sort", "version"]);
    expect(csv.code).toBe(2);
    expect(csv.err).toMatch(/--sort.*'version' to sort by/);
    expect(csv.err).not.toMatch(/filter/);
    const csvOk = await cli(dir, ["runs", "--format", "csv", "--sort", "attributes.start_time ASC"]);
    const [header, first] = csvOk.out.trim().split("\n");
    expect(header).toContain("params.model.epochs");
    expect(header).toContain("metrics.test.mae");
    expect(first).toContain("red/AAPL/v1");
    const json = JSON.parse((await cli(dir, ["runs", "--format", "json", "--filter", "metrics.test_mae <= 1.3"])).out);
    expect(json.map((run: { name: string }) => run.name)).toEqual(["red/AAPL/v2"]);
    const bad = await cli(dir, ["runs", "--filter", "metrics.test_mae < 1 OR metrics.test_mae > 2"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --filter: invalid filter at character 22: OR is not supported/);
    expect(bad.err.trim().split("\n")).toHaveLength(1);
  }, 30_000);

  it("compare shows changed params and metrics with the change last minus first", async () => {
    const dir = await fixture();
    const result = await cli(dir, ["compare", "red/AAPL/v1", "red/AAPL@latest", "--format", "md"]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/\| param \| model.epochs \| 20 \| 100 \| changed \|/);
    expect(result.out).toMatch(/\| metric \| test_mae \| 1.5000 \| 1.4000 \| -0.1000 \|/);
    expect(result.out).not.toContain("| seed |");
    const missing = await cli(dir, ["compare", "red/AAPL/v9"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no published run 'red\/AAPL\/v9'; runs there: red\/AAPL\/v3, red\/AAPL\/v2, red\/AAPL\/v1/);
  }, 30_000);

  it("champion history lists eras and answers --on DATE", async () => {
    const dir = await fixture();
    const all = await cli(dir, ["champion", "history"]);
    expect(all.code).toBe(0);
    expect(all.out.split("\n").filter((line) => line.startsWith("red/AAPL")).map((line) => line.split(/\s+/)[1])).toEqual(["v1", "v2"]);
    const on = await cli(dir, ["champion", "history", "red/AAPL", "--on", "2026-01-07"]);
    expect(on.out).toMatch(/red\/AAPL\s+v1\s+2026-01-05T21:00:00.000Z\s+2026-01-10T21:00:00.000Z/);
    const json = JSON.parse((await cli(dir, ["champion", "history", "--on", "2026-01-16", "--format", "json"])).out);
    expect(json).toEqual([{ branch: "red/AAPL", on: "2026-01-16", champion: expect.objectContaining({ version: 2, until: null }) }]);
    expect((await cli(dir, ["champion", "set", "red/AAPL", "v1"])).err).toMatch(/--reason is required/);
  }, 30_000);
});
