// One code version per run, main's (docs/decisions/0020-main-code-on-model-branches.md): through
// `stockops act` on a local origin, after a change to a feature function on main, a push of a model branch's
// stockops.toml and a workflow_dispatch from main each run main's new code (lineage.json names main's commit
// and the new code hash) and re-run features; a README-only change on main retrains nothing.
// (The bundled actions run here, so this needs actions/*/dist built from the current src/: npm run build.)
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import actCommand from "../../src/cli/commands/act.js";
import { runCli } from "../../src/cli/run-cli.js";
import { defaultModelConfigToml } from "../../src/config/default-model-config.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { computeCodeHashes, locateSourceTree } from "../../src/pipeline/code-hash.js";
import { startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import { copyOfProject } from "../support/project-copy.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";

const REPOSITORY = "local/stockops";
const BRANCH = "red/AAPL";
let project: string;
let origin: LocalOrigin;
let actDir: string;

beforeAll(async () => {
  project = await copyOfProject();
  const root = await makeTempDir("stockops-main-code-");
  actDir = join(root, "act");
  origin = await startLocalOrigin({ gitRoot: join(root, "git"), repository: REPOSITORY });
  await gitCli(project, ["remote", "add", "origin", origin.originUrl]);
  await gitCli(project, ["push", "--quiet", "origin", "main"]);
  // A model branch as bootstrap makes it: main at that moment plus a default stockops.toml.
  await gitCli(project, ["checkout", "--quiet", "-b", BRANCH]);
  await writeFile(join(project, "stockops.toml"), defaultModelConfigToml("red", "AAPL"));
  await gitCli(project, ["add", "stockops.toml"]);
  await gitCli(project, ["commit", "--quiet", "-m", "red/AAPL: default config"]);
  await gitCli(project, ["push", "--quiet", "origin", BRANCH]);
  await gitCli(project, ["checkout", "--quiet", "main"]);
}, 120_000);
afterAll(async () => origin?.close());

async function act(...args: string[]) {
  const logger = memoryLogger();
  const out: string[] = [];
  const errors: string[] = [];
  const code = await runCli(["act", ...args, "--origin", origin.originUrl, "--repository", REPOSITORY, "--dir", actDir], [actCommand], { cwd: project, out: (text) => out.push(text), logger, env: {} }, (text) => errors.push(text));
  return { code, errors, summary: out.join("\n"), log: logger.lines.join("\n") };
}

/** Commits a change on main in the project copy and pushes it; returns main's new commit. */
async function changeMain(path: string, change: (text: string) => string, message: string): Promise<string> {
  await gitCli(project, ["checkout", "--quiet", "main"]);
  await writeFile(join(project, path), change(await readFile(join(project, path), "utf8").catch(() => "")));
  await gitCli(project, ["commit", "--quiet", "-am", message]);
  await gitCli(project, ["push", "--quiet", "origin", "main"]);
  return gitCli(project, ["rev-parse", "HEAD"]);
}

/** A push of the model branch's stockops.toml that leaves the config as it was (a comment). */
async function pushModelConfig(note: string): Promise<void> {
  await gitCli(project, ["fetch", "--quiet", "origin"]);
  await gitCli(project, ["checkout", "--quiet", "-B", BRANCH, `origin/${BRANCH}`]);
  await appendFile(join(project, "stockops.toml"), `# ${note}\n`);
  await gitCli(project, ["commit", "--quiet", "-am", `red/AAPL: ${note}`]);
  await gitCli(project, ["push", "--quiet", "origin", BRANCH]);
  await gitCli(project, ["checkout", "--quiet", "main"]);
}

const remote = (ref: string, path: string) => gitCli(origin.bareDir, ["show", `${ref}:${path}`]);
const lineage = async () => JSON.parse(await remote(BRANCH, "models/AAPL/lineage.json")) as { code_version: { commit: string; hash?: string } };
const trainHashOf = () => computeCodeHashes(locateSourceTree(join(project, "src", "pipeline", "code-hash.ts"))).stages.train;
/** The job summary of the act run (the actions write each stage's status there). */
async function jobSummary(summary: string): Promise<string> {
  const run = /pipeline\.yml \(run (\d+)\): success/.exec(summary)?.[1];
  expect(run).toBeDefined();
  return readFile(join(actDir, "runner", "runs", run!, "summary.md"), "utf8");
}

describe("main's code runs on the model branch's files", () => {
  it("a push of stockops.toml after a feature change on main runs main's new code and re-runs features", async () => {
    const first = await act("push", "--branch", BRANCH);
    expect(first.errors).toEqual([]);
    expect(first.code).toBe(0);
    const mainCommit = await changeMain("src/features/indicators.ts", (text) => `${text}\n/** A feature change on main. */\nexport const FEATURE_CHANGE = 1;\n`, "features: a change on main");
    await pushModelConfig("a push of the config");
    const before = await gitCli(origin.bareDir, ["rev-parse", BRANCH]);
    const run = await act("push", "--branch", BRANCH);
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/pipeline\.yml \(run \d+\): success/);
    expect(await lineage()).toMatchObject({ code_version: { commit: mainCommit, hash: trainHashOf() } });
    const lock = JSON.parse(await remote(BRANCH, "stockops.lock"));
    expect(lock.stages.features.inputs.code).toBe(computeCodeHashes(locateSourceTree(join(project, "src", "pipeline", "code-hash.ts"))).stages.features);
    expect(await gitCli(origin.bareDir, ["rev-parse", BRANCH])).not.toBe(before);
    const summary = await jobSummary(run.summary);
    expect(summary).toContain("features red/AAPL: ran");
    expect(summary).toContain("train red/AAPL (ridge): ran");
  }, 600_000);

  it("a workflow_dispatch from main runs main's newest code on the branch", async () => {
    const mainCommit = await changeMain("src/features/indicators.ts", (text) => `${text}export const ANOTHER_FEATURE_CHANGE = 2;\n`, "features: another change on main");
    const run = await act("workflow_dispatch", "--workflow", "pipeline.yml", "--branch", "main", "--input", `branch=${BRANCH}`);
    expect(run.code).toBe(0);
    expect(await lineage()).toMatchObject({ code_version: { commit: mainCommit, hash: trainHashOf() } });
    expect(await jobSummary(run.summary)).toContain("features red/AAPL: ran");
  }, 600_000);

  it("a README-only change on main retrains nothing", async () => {
    const before = await gitCli(origin.bareDir, ["rev-parse", BRANCH]);
    const lineageBefore = await remote(BRANCH, "models/AAPL/lineage.json");
    await changeMain("README.md", (text) => `${text}\nA README change.\n`, "docs: README only");
    const run = await act("workflow_dispatch", "--workflow", "pipeline.yml", "--branch", "main", "--input", `branch=${BRANCH}`);
    expect(run.code).toBe(0);
    expect(await remote(BRANCH, "models/AAPL/lineage.json")).toBe(lineageBefore);
    expect(await gitCli(origin.bareDir, ["rev-parse", BRANCH])).toBe(before);
    const summary = await jobSummary(run.summary);
    expect(summary).toContain("features red/AAPL: skipped");
    expect(summary).toContain("train red/AAPL (ridge): skipped");
    expect(summary).toContain("publish red/AAPL: nothing to commit");
  }, 600_000);

  it("a pull_request into the model branch evaluates its head with main's newest code and posts the report", async () => {
    const mainCommit = await changeMain("src/features/indicators.ts", (text) => `${text}export const A_THIRD_FEATURE_CHANGE = 3;\n`, "features: a third change on main");
    const head = "exp/red/AAPL/comment";
    await gitCli(project, ["fetch", "--quiet", "origin"]);
    await gitCli(project, ["checkout", "--quiet", "-B", head, `origin/${BRANCH}`]);
    await appendFile(join(project, "stockops.toml"), "# an experiment\n");
    await gitCli(project, ["commit", "--quiet", "-am", "experiment"]);
    await gitCli(project, ["push", "--quiet", "origin", head]);
    await gitCli(project, ["checkout", "--quiet", "main"]);
    const run = await act("pull_request", "--branch", head, "--base", BRANCH, "--workflow", "pr-report.yml");
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const number = /pr-report\.yml \(run (\d+)\): success/.exec(run.summary)?.[1];
    expect(number).toBeDefined();
    const workspace = join(actDir, "runner", "runs", number!, "report", "workspace");
    const evaluated = JSON.parse(await readFile(join(workspace, "model", "models", "AAPL", "lineage.json"), "utf8"));
    expect(evaluated.code_version).toMatchObject({ commit: mainCommit, hash: trainHashOf() });
    const lock = JSON.parse(await readFile(join(workspace, "model", "stockops.lock"), "utf8"));
    const newFeaturesHash = computeCodeHashes(locateSourceTree(join(project, "src", "pipeline", "code-hash.ts"))).stages.features;
    expect(lock.stages.features.inputs.code).toBe(newFeaturesHash);
    // The branch's committed lock was written by the older code: features re-ran on the head.
    expect(JSON.parse(await remote(BRANCH, "stockops.lock")).stages.features.inputs.code).not.toBe(newFeaturesHash);
    expect(run.summary).toMatch(/comment/i);
  }, 600_000);
});
