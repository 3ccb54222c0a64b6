// Model branches follow main's data.dvc unless stockops.toml pins their own ([data] pin = true): the pipeline's
// `stockops data follow --from main` step, against a real git origin (git http-backend) and a folder data remote.
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { silentLogger } from "../../src/logger/logger.js";
import { lineageSchema } from "../../src/pipeline/lineage.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { createTempRemote, gitCli, makeTempDir } from "../support/temp-repo.js";
import { cli, createFollowWorld, dvcBranchToml, type FollowWorld } from "./follow-world.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A clone of `branch` from a fresh origin holding `files` on main and on `branch`. */
async function cloneOf(files: Record<string, string>, branch: string): Promise<string> {
  const remote = await createTempRemote(files, { branches: branch === "main" ? [] : [branch] });
  cleanups.push(remote.cleanup);
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", "--branch", branch, remote.url, "clone"]);
  return join(parent, "clone");
}

async function world(branches: Record<string, string>): Promise<FollowWorld> {
  const created = await createFollowWorld(branches);
  cleanups.push(created.cleanup);
  return created;
}

/** What pipeline.yml's actions/checkout does: the one branch, depth 1. */
async function checkout(world: FollowWorld, branch: string): Promise<string> {
  const dir = join(world.parent, branch.replace("/", "-"));
  await gitCli(world.parent, ["clone", "--quiet", "--depth", "1", "--single-branch", "--branch", branch, world.remote.url, dir]);
  return dir;
}

/** pipeline.yml's data steps, then features and train. */
async function trainAfterFollow(dir: string) {
  const follow = await cli(["data", "follow", "--from", "main"], dir);
  await cli(["data", "pull"], dir);
  await runPipeline({ dir, until: "train", logger: silentLogger });
  const lineage = lineageSchema.parse(JSON.parse(await readFile(join(dir, "models", "AAPL", "lineage.json"), "utf8")));
  return { follow: follow.out, lineage };
}

describe("model branches follow main's data.dvc by default", () => {
  it("a branch without pin trains on main's current data version, and the lineage names main's commit", async () => {
    const w = await world({ "red/AAPL": dvcBranchToml("red", "AAPL") });
    const dir = await checkout(w, "red/AAPL");
    expect(await readFile(join(dir, "data.dvc"), "utf8")).toContain(w.version.v1);

    const { follow, lineage } = await trainAfterFollow(dir);
    expect(follow).toBe(`data.dvc ← main@${w.main.v2.slice(0, 12)}: ${w.version.v2} (the checkout's own was ${w.version.v1})`);
    expect(await readFile(join(dir, "data.dvc"), "utf8")).toBe(await gitCli(w.remote.bareDir, ["show", "main:data.dvc"]).then((text) => `${text}\n`));
    expect(lineage.data).toMatchObject({ data_version: w.version.v2, data_dvc_from: { branch: "main", commit: w.main.v2 }, last_date: w.lastDate.v2 });
    expect(lineage.data.rows).toBe(400);
  });

  it("a branch with [data] pin = true keeps its own data.dvc, and the lineage says so", async () => {
    const w = await world({ "blue/AAPL": dvcBranchToml("blue", "AAPL", true) });
    const dir = await checkout(w, "blue/AAPL");
    const { follow, lineage } = await trainAfterFollow(dir);
    expect(follow).toBe(`[data] pin = true: keeping this branch's data.dvc (${w.version.v1})`);
    expect(lineage.data).toMatchObject({ data_version: w.version.v1, data_dvc_from: null, last_date: w.lastDate.v1 });
    expect(lineage.data.rows).toBe(370);
  });

  it("a data.dvc edited after the follow is not credited to main", async () => {
    const w = await world({ "red/AAPL": dvcBranchToml("red", "AAPL") });
    const dir = await checkout(w, "red/AAPL");
    await cli(["data", "follow"], dir);
    await gitCli(dir, ["checkout", "--quiet", "--", "data.dvc"]);
    await cli(["data", "pull"], dir);
    await runPipeline({ dir, until: "train", logger: silentLogger });
    const lineage = lineageSchema.parse(JSON.parse(await readFile(join(dir, "models", "AAPL", "lineage.json"), "utf8")));
    expect(lineage.data).toMatchObject({ data_version: w.version.v1, data_dvc_from: null });
  });

  it("branches made by 'stockops branches sync' for data read through DVC follow main", async () => {
    const main = await cloneOf({ "branches.json": JSON.stringify({ teams: { red: {} }, branches: [{ team: "red", symbol: "MSFT" }] }) }, "main");
    await cli(["branches", "sync"], main);
    await gitCli(main, ["fetch", "--quiet", "origin"]);
    const config = parseModelConfig(await gitCli(main, ["show", "origin/red/MSFT:stockops.toml"]));
    expect(config.data).toEqual({ source: "dvc", pin: false });
  });
});

describe("stockops data follow says what is wrong and how to fix it", () => {
  it("main without data.dvc: names main:data.dvc and the bootstrap commands", async () => {
    const dir = await cloneOf({ "stockops.toml": dvcBranchToml("red", "AAPL") }, "red/AAPL");
    const { code, err } = await cli(["data", "follow"], dir, {}, true);
    expect(code).toBe(1);
    expect(err).toContain("main:data.dvc");
    expect(err).toContain("stockops data add data && stockops data push");
  });

  it("pin = true without a data.dvc on the branch: names the field", async () => {
    const dir = await cloneOf({ "stockops.toml": dvcBranchToml("red", "AAPL", true) }, "red/AAPL");
    const { code, err } = await cli(["data", "follow"], dir, {}, true);
    expect(code).toBe(1);
    expect(err).toMatch(/stockops\.toml.*data\.pin.*has no data\.dvc/);
  });

  it("pin is only allowed with source = \"dvc\", and a package branch has nothing to follow", async () => {
    expect(() => parseModelConfig('symbol = "AAPL"\nteam = "red"\n[data]\nsource = "package"\npin = true\n', "stockops.toml")).toThrow(/data\.pin.*only with source = "dvc"/);
    const dir = await cloneOf({ "stockops.toml": 'symbol = "AAPL"\nteam = "red"\n' }, "red/AAPL");
    expect((await cli(["data", "follow"], dir)).out).toBe('[data] source = "package": no data.dvc to follow');
  });
});
