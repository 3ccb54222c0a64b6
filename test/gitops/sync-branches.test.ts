import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { parseBranchesConfig } from "../../src/config/read-branches-config.js";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { planNewBranchDispatch } from "../../src/gitops/plan-new-branch-dispatch.js";
import { planBranchSync } from "../../src/gitops/sync-branches.js";
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
    { team: "red", symbol: "MSFT" },
    { team: "blue", symbol: "SPX" },
  ],
});

async function setup(): Promise<{ remote: TempRemote; dir: string }> {
  const remote = await createTempRemote({ "branches.json": BRANCHES_JSON, "README.md": "main\n" }, { branches: ["red/AAPL"] });
  cleanups.push(remote.cleanup);
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  // red/AAPL already exists with someone's own config, which sync must leave alone.
  await gitCli(parent, ["clone", "--quiet", "--branch", "red/AAPL", remote.url, "aapl"]);
  await gitCli(join(parent, "aapl"), ["commit", "--quiet", "--allow-empty", "-m", "people's work"]);
  await gitCli(join(parent, "aapl"), ["push", "--quiet", "origin", "red/AAPL"]);
  await gitCli(parent, ["clone", "--quiet", remote.url, "main"]);
  return { remote, dir: join(parent, "main") };
}

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, await loadCommands(), { out: (text) => out.push(text), cwd, env, logger: memoryLogger() }, (text) => err.push(text));
  return { code, out: out.join("\n"), err: err.join("") };
}

const refs = (remote: TempRemote) => gitCli(remote.bareDir, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/"]);

describe("stockops branches sync", () => {
  it("plans creation only for branches the remote lacks", () => {
    const steps = planBranchSync(parseBranchesConfig(BRANCHES_JSON), ["main", "red/AAPL"]);
    expect(steps.map((step) => `${step.branch}:${step.action}`)).toEqual(["red/AAPL:exists", "red/MSFT:create", "blue/SPX:create"]);
  });

  it("--dry-run prints what it would create and changes nothing", async () => {
    const { remote, dir } = await setup();
    const before = await refs(remote);
    const { code, out } = await cli(["branches", "sync", "--dry-run"], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/red\/AAPL\s+exists, untouched/);
    expect(out).toMatch(/red\/MSFT\s+would create/);
    expect(out).toContain("2 to create, 1 left as they were");
    expect(await refs(remote)).toBe(before);
  });

  it("creates the missing branches from main with a default stockops.toml, leaves existing ones, and is idempotent", async () => {
    const { remote, dir } = await setup();
    const aaplBefore = await gitCli(remote.bareDir, ["rev-parse", "red/AAPL"]);
    const mainHead = await gitCli(remote.bareDir, ["rev-parse", "main"]);

    const first = await cli(["branches", "sync", "--dir", dir], "/");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/red\/MSFT\s+created \([0-9a-f]{12}\)/);
    expect(first.out).toContain("2 created, 1 left as they were");

    expect(await gitCli(remote.bareDir, ["rev-parse", "red/AAPL"])).toBe(aaplBefore);
    for (const [branch, source] of [
      ["red/MSFT", "dvc"],
      ["blue/SPX", "package"],
    ] as const) {
      expect(await gitCli(remote.bareDir, ["rev-parse", `${branch}^`])).toBe(mainHead);
      expect(await gitCli(remote.bareDir, ["show", `${branch}:branches.json`])).toBe(BRANCHES_JSON);
      const config = parseModelConfig(await gitCli(remote.bareDir, ["show", `${branch}:stockops.toml`]));
      const [team, symbol] = branch.split("/");
      expect(config).toMatchObject({ team, symbol, data: { source }, model: { kind: "ridge" } });
      expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%an|%s", branch])).toBe(`github-actions[bot]|branches: create ${branch} with a default stockops.toml`);
    }

    const after = await refs(remote);
    const second = await cli(["branches", "sync", "--dir", dir], "/");
    expect(second.out).toContain("0 created, 3 left as they were");
    expect(await refs(remote)).toBe(after);
  });

  it("--remote pushes to the given URL instead of origin", async () => {
    const { remote, dir } = await setup();
    await gitCli(dir, ["remote", "set-url", "origin", "http://127.0.0.1:9/nowhere.git"]);
    const { code, out } = await cli(["branches", "sync", "--remote", remote.url], dir);
    expect(code).toBe(0);
    expect(out).toContain("2 created");
    expect(await gitCli(remote.bareDir, ["branch", "--list", "--format=%(refname:short)"])).toBe(["blue/SPX", "main", "red/AAPL", "red/MSFT"].join("\n"));
  });

  it("rejects any other subcommand as a usage error", async () => {
    const { code } = await cli(["branches", "delete"], "/");
    expect(code).toBe(2);
  });
});

describe("stockops branches sync --dispatch (bootstrap.yml: a push with GITHUB_TOKEN starts no workflow)", () => {
  const TOKEN = "ghs_branchesSyncDispatchToken00000000000";
  const REPOSITORY = "acme/stocks";
  let standIn: GitHubStandIn;
  beforeAll(async () => {
    standIn = await startGitHubStandIn({ token: TOKEN, repos: [{ fullName: REPOSITORY, defaultBranch: "main" }] });
  });
  afterAll(async () => {
    await standIn?.close();
  });
  const env = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: standIn.url });
  const dispatches = () => standIn.state.repos.get(REPOSITORY)!.dispatches;
  const pipelineFor = (branch: string) => ({ workflow: "pipeline.yml", ref: "main", inputs: { branch } });

  it("plans one dispatch per created branch: not for existing ones, nor for one someone else created meanwhile", () => {
    const result = (branch: string, outcome: "created" | "untouched" | "created-meanwhile") => ({ branch, team: "t", symbol: "S", action: "create" as const, outcome });
    const planned = planNewBranchDispatch([result("a/X", "untouched"), result("b/X", "created"), result("c/X", "created-meanwhile")], { workflow: "pipeline.yml", ref: "trunk" });
    expect(planned.map(({ branch, dispatch }) => ({ branch, ...dispatch }))).toEqual([{ branch: "b/X", workflow: "pipeline.yml", ref: "trunk", inputs: { branch: "b/X" } }]);
  });

  it("dispatches pipeline.yml from the default branch for each branch it created, never for an existing one", async () => {
    const { remote, dir } = await setup();
    dispatches().length = 0;
    const first = await cli(["branches", "sync", "--dispatch"], dir, env());
    expect(first.code).toBe(0);
    expect(dispatches()).toEqual([pipelineFor("red/MSFT"), pipelineFor("blue/SPX")]);
    expect(first.out).toMatch(/^red\/MSFT\s+dispatched pipeline\.yml on main$/m);
    expect(first.out).toContain("2 of 2 new branches dispatched");
    expect(await gitCli(remote.bareDir, ["branch", "--list", "--format=%(refname:short)"])).toBe(["blue/SPX", "main", "red/AAPL", "red/MSFT"].join("\n"));

    const second = await cli(["branches", "sync", "--dispatch", "--workflow", "other.yml"], dir, env());
    expect(second.code).toBe(0);
    expect(second.out).toContain("0 of 0 new branches dispatched");
    expect(dispatches()).toHaveLength(2);
  });

  it("--dry-run --dispatch names what it would dispatch and neither pushes nor dispatches; without a token it refuses before pushing", async () => {
    const { remote, dir } = await setup();
    dispatches().length = 0;
    const before = await refs(remote);
    const dry = await cli(["branches", "sync", "--dry-run", "--dispatch"], dir, env());
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^red\/MSFT\s+would dispatch pipeline\.yml$/m);
    expect(dry.out).not.toMatch(/red\/AAPL\s+would dispatch/);
    const refused = await cli(["branches", "sync", "--dispatch"], dir, { GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: standIn.url });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("GITHUB_TOKEN is not set");
    expect(await refs(remote)).toBe(before);
    expect(dispatches()).toEqual([]);
  });

  it("a refused dispatch does not stop the others, and the command exits non-zero naming the branch", async () => {
    const { remote, dir } = await setup();
    dispatches().length = 0;
    standIn.injectFault({ method: "POST", path: /\/dispatches$/, status: 403, times: 1 });
    const { code, out, err } = await cli(["branches", "sync", "--dispatch"], dir, env());
    expect(code).toBe(1);
    expect(err).toMatch(/could not dispatch the pipeline for red\/MSFT \(.*answered 403.*\); dispatched: blue\/SPX\. Check the token's actions: write permission/);
    expect(out).toContain("2 created, 1 left as they were");
    expect(out).toContain("1 of 2 new branches dispatched");
    expect(dispatches()).toEqual([pipelineFor("blue/SPX")]);
    expect(await gitCli(remote.bareDir, ["rev-parse", "--verify", "--quiet", "red/MSFT"])).toMatch(/^[0-9a-f]{40}$/);
  });
});
