// .github/workflows/data.yml played by the local runner (src/runner) on a schedule event, against a local origin
// (real git http-backend), a folder DVC remote, Yahoo's chart API replayed from a recorded payload
// (test/fixtures/dvc/README.md) and the GitHub stand-in, which records the pipeline.yml dispatches.
import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { STOCKOPS_ROOT } from "../../src/runner/act-command.js";
import { localRunnerSetup, seedOriginFromCheckout, startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import { playEvent } from "../../src/runner/play-event.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";
import { cli, dvcBranchToml } from "./follow-world.js";
import { PRICES_HEADER } from "./helpers.js";

const REPOSITORY = "acme/stockops";
// Three days before the recorded payload (GS, 2023-10-02 … 2023-10-09), as in update.test.ts.
const GS = `${PRICES_HEADER}2023-09-27,326.200012,328.559998,322.609985,324.600006,324.600006,1617500\n2023-09-28,323.619995,327.920013,322.600006,326.429993,326.429993,1633900\n2023-09-29,328.209991,329.100006,322.549988,323.570007,323.570007,2178400\n`;
const BRANCHES_JSON = {
  teams: { red: {}, blue: {} },
  branches: [
    { team: "red", symbol: "GS" },
    { team: "blue", symbol: "GS" },
    { team: "red", symbol: "AAPL" },
  ],
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function yahooReplay(): Promise<string> {
  const body = await readFile(join(import.meta.dirname, "..", "fixtures", "dvc", "yahoo-chart-GS-2023-10.json"));
  const server: Server = createServer((req, res) => {
    const known = (req.url ?? "").startsWith("/v8/finance/chart/GS?");
    res.writeHead(known ? 200 : 404, { "content-type": known ? "application/json" : "text/plain" });
    res.end(known ? body : "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The origin's main is this checkout's HEAD plus `setup(clone)`'s commit; returns the origin and a clone of it. */
async function originWithMain(setup: (clone: string, root: string) => Promise<void>): Promise<{ origin: LocalOrigin; root: string; clone: string }> {
  const root = await makeTempDir("stockops-data-act-");
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const origin = await startLocalOrigin({ gitRoot: join(root, "git"), repository: REPOSITORY });
  cleanups.push(() => origin.close());
  await seedOriginFromCheckout(STOCKOPS_ROOT, origin.bareDir);
  const clone = join(root, "clone");
  await gitCli(root, ["clone", "--quiet", origin.originUrl, clone]);
  await setup(clone, root);
  return { origin, root, clone };
}

async function play(origin: LocalOrigin, root: string, vars: Record<string, string>) {
  const logger = memoryLogger();
  const setup = localRunnerSetup(origin, { root: join(root, "runner"), repository: REPOSITORY, token: "ghs_localDataRun0001", vars, hostProjectRoot: STOCKOPS_ROOT, logger });
  const result = await playEvent(setup, { event: "schedule", workflow: "data.yml" });
  return { result, logger, jobs: Object.fromEntries(result.runs[0]!.jobs.map((job) => [job.jobId, job.conclusion])) };
}

describe("data.yml on a schedule, in the local runner", () => {
  it("appends the new days, pushes the objects, commits data.dvc and dispatches pipeline.yml on the one branch that follows it", async () => {
    const yahoo = await yahooReplay();
    const { origin, root, clone } = await originWithMain(async (clone, root) => {
      await writeFile(join(clone, "branches.json"), `${JSON.stringify(BRANCHES_JSON, null, 2)}\n`);
      await mkdir(join(clone, "data"));
      await writeFile(join(clone, "data", "GS.csv"), GS);
      await mkdir(join(clone, ".dvc"), { recursive: true });
      await writeFile(join(clone, ".dvc", "config"), `[core]\n    remote = store\n['remote "store"']\n    url = ${join(root, "data-remote")}\n`);
      await cli(["data", "add", "data"], clone);
      await cli(["data", "push"], clone);
      await gitCli(clone, ["add", "branches.json", "data.dvc", ".dvc/config"]);
      await gitCli(clone, ["commit", "--quiet", "-m", "data: GS, three days"]);
      await gitCli(clone, ["push", "--quiet", "origin", "main"]);
      for (const [branch, toml] of [
        ["red/GS", dvcBranchToml("red", "GS")],
        ["blue/GS", dvcBranchToml("blue", "GS", true)],
      ] as const) {
        await gitCli(clone, ["checkout", "--quiet", "-b", branch, "main"]);
        await writeFile(join(clone, "stockops.toml"), toml);
        await gitCli(clone, ["add", "stockops.toml"]);
        await gitCli(clone, ["commit", "--quiet", "-m", `${branch} config`]);
        await gitCli(clone, ["push", "--quiet", "origin", branch]);
      }
      await gitCli(clone, ["checkout", "--quiet", "main"]);
    });
    const before = await gitCli(origin.bareDir, ["show", "main:data.dvc"]);

    const { result, jobs } = await play(origin, root, { STOCKOPS_DATA_SYMBOLS: "GS", STOCKOPS_YAHOO_URL: yahoo });
    expect(result.runs.map((run) => run.conclusion)).toEqual(["success"]);
    expect(jobs).toEqual({ check: "success", update: "success", retrain: "success" });

    const after = await gitCli(origin.bareDir, ["show", "main:data.dvc"]);
    expect(after).not.toBe(before);
    expect(await gitCli(origin.bareDir, ["log", "-1", "--format=%an|%s", "main"])).toBe("github-actions[bot]|data: append new daily prices from yahoo");
    // The data remote holds the new version: a fresh clone of main pulls it, verified, with the six new days.
    await gitCli(clone, ["pull", "--quiet", "origin", "main"]);
    await rm(join(clone, "data"), { recursive: true });
    await rm(join(clone, ".dvc", "cache"), { recursive: true });
    await cli(["data", "pull"], clone);
    expect((await readFile(join(clone, "data", "GS.csv"), "utf8")).trimEnd().split("\n").at(-1)).toMatch(/^2023-10-09,/);

    expect(origin.standIn.state.repos.get(REPOSITORY)!.dispatches).toEqual([{ workflow: "pipeline.yml", ref: "main", inputs: { branch: "red/GS" } }]);
  }, 600_000);

  it("without data.dvc on main, says how to bootstrap it and succeeds without doing anything", async () => {
    const { origin, root } = await originWithMain(async () => {});
    const head = await gitCli(origin.bareDir, ["rev-parse", "main"]);
    const { result, logger, jobs } = await play(origin, root, {});
    expect(result.runs.map((run) => run.conclusion)).toEqual(["success"]);
    expect(jobs).toEqual({ check: "success", update: "skipped", retrain: "skipped" });
    expect(logger.lines.join("\n")).toMatch(/::notice title=No data\.dvc on main::.*stockops data add data && stockops data push/);
    expect(await gitCli(origin.bareDir, ["rev-parse", "main"])).toBe(head);
    expect(origin.standIn.state.repos.get(REPOSITORY)!.dispatches).toEqual([]);
  }, 120_000);
});
