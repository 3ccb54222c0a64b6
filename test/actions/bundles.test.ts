// Acceptance 1 and 5 of issue 4: each committed bundle (actions/<step>/dist/index.js) runs under Node 24
// with the runner's contract, against a real `git http-backend` origin on 127.0.0.1 (token required) and
// the local GitHub REST stand-in. Kept lean: one pipeline run (ridge on the embedded AAPL prices from
// 2016), one PR report (created, updated, and a fork's), one trading day (and its rerun).
import { cp, mkdir, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "../../src/github/stand-in-server.js";
import { derivedSecretForms } from "../../src/github/mask.js";
import { forkPullRequestOpened, pullRequestOpened } from "../github/webhook-payloads.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";
import { realPrices } from "../support/real-prices.js";
import { findNode24, REPO_ROOT, runBundledAction, type ActionRun, type RunActionOptions } from "./runner-contract.js";

const require = createRequire(import.meta.url);
const TOKEN = "ghs_bundleTestToken0123456789abcdefABCDEF";
const BRANCH = "red/AAPL";
const HEAD_BRANCH = "exp/red/AAPL/alpha";
// Fitted up to the day before the trading test's 2017-06-01; any skill promotes, so the branch has a champion to trade.
const TOML = `symbol = "AAPL"\nteam = "red"\nseed = 42\n\n[data]\nsource = "package"\nstart = "2015-01-01"\nend = "2017-05-31"\n\n[model]\nkind = "ridge"\nalpha = 1\n\n[gate]\nmin_skill_vs_naive = -10\n`;
const BRANCHES_JSON = JSON.stringify({ teams: { red: {} }, branches: [{ team: "red", symbol: "AAPL" }] }, null, 2);
const AUTH = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;

const node24 = findNode24();
let remote: TempRemote;

/** A clone as actions/checkout leaves it with persist-credentials: false: origin set, no credential stored. */
async function checkout(branch: string, depth = 1): Promise<string> {
  const parent = await makeTempDir("stockops-workspace-");
  await gitCli(parent, ["-c", AUTH, "clone", "--quiet", "--depth", String(depth), "--branch", branch, remote.url, "workspace"]);
  return join(parent, "workspace");
}

function webhook(name: string, pick: (example: Record<string, any>) => boolean): Record<string, any> {
  const definitions = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, any>[] }[];
  return structuredClone(definitions.find((definition) => definition.name === name)!.examples.find(pick)!);
}

function run(action: string, options: Omit<RunActionOptions, "node" | "action" | "token"> & { token?: string }): Promise<ActionRun> {
  if (!("path" in node24)) throw new Error("unreachable");
  return runBundledAction({ node: node24.path, action, token: TOKEN, ...options });
}

function expectSuccess(result: ActionRun): void {
  expect(result.stdout).not.toContain("::error::");
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
}

/** Acceptance 5: every line that carries the token (in any form a log could show) is an ::add-mask:: line, printed first. */
function expectMaskedFirst(stdout: string): void {
  const lines = stdout.split("\n");
  const forms = derivedSecretForms(TOKEN);
  const firstMask = lines.findIndex((line) => line === `::add-mask::${TOKEN}`);
  expect(firstMask).toBe(0);
  for (const [index, line] of lines.entries()) {
    if (forms.some((form) => line.includes(form))) expect(line.startsWith("::add-mask::"), `line ${index}: ${line}`).toBe(true);
  }
}

beforeAll(async () => {
  remote = await createTempRemote({ "stockops.toml": TOML, "branches.json": BRANCHES_JSON }, { branches: [BRANCH], token: TOKEN });
}, 120_000);
afterAll(async () => remote?.cleanup());

describe.skipIf(!("path" in node24))(`bundled actions under Node 24${"skip" in node24 ? ` (skipped: ${node24.skip})` : ""}`, () => {
  it("push to red/AAPL: features → train → evaluate → publish land v1 on the origin; a rerun publishes nothing", async () => {
    const workspace = await checkout(BRANCH);
    const push = webhook("push", (example) => example.ref === "refs/heads/master");
    push.ref = `refs/heads/${BRANCH}`;
    const common = { workspace, event: push, eventName: "push", refName: BRANCH };

    const features = await run("features", common);
    expectSuccess(features);
    expect(features.outputs).toMatchObject({ symbol: "AAPL", team: "red", status: "ran", "features-path": "models/AAPL/features.json" });
    expect(features.summary).toContain("features red/AAPL: ran");

    const train = await run("train", common);
    expectSuccess(train);
    expect(train.outputs).toMatchObject({ status: "ran", "model-kind": "ridge", "model-dir": "models/AAPL" });

    const evaluate = await run("evaluate", common);
    expectSuccess(evaluate);
    expect(evaluate.outputs).toMatchObject({ status: "ran", "metrics-path": "models/AAPL/metrics.json", "report-path": "reports/AAPL.md" });
    expect(Number.isFinite(Number(evaluate.outputs["skill-vs-naive"]))).toBe(true);
    expect(Number(evaluate.outputs["hit-rate"])).toBeGreaterThan(0);
    expect(evaluate.summary).toContain("skill vs naive");

    const publish = await run("publish", common);
    expectSuccess(publish);
    expectMaskedFirst(publish.stdout);
    expect(publish.outputs).toMatchObject({ "model-version": "1", pushed: "true", tag: "models/red/AAPL/v1" });
    expect(publish.outputs.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await gitCli(remote.bareDir, ["rev-parse", `refs/heads/${BRANCH}`])).toBe(publish.outputs.commit);
    expect(await gitCli(remote.bareDir, ["rev-parse", "refs/tags/models/red/AAPL/v1^{commit}"])).toBe(publish.outputs.commit);
    const [author, subject] = (await gitCli(remote.bareDir, ["log", "-1", "--format=%an%n%s", `refs/heads/${BRANCH}`])).split("\n");
    expect(author).toBe("github-actions[bot]");
    expect(subject).toMatch(/^models\(red\/AAPL\): v1 /);
    const files = await gitCli(remote.bareDir, ["ls-tree", "-r", "--name-only", `refs/heads/${BRANCH}`]);
    expect(files.split("\n")).toEqual(expect.arrayContaining(["models/AAPL/metrics.json", "models/AAPL/CARD.md", "reports/AAPL.md", "stockops.lock"]));
    expect(publish.summary).toContain("published red/AAPL v1");

    const rerun = await run("publish", common);
    expectSuccess(rerun);
    expect(rerun.outputs).toMatchObject({ pushed: "false", commit: "", "model-version": "1" });
    expect(await gitCli(remote.bareDir, ["rev-parse", `refs/heads/${BRANCH}`])).toBe(publish.outputs.commit);
  }, 600_000);

  it("pull request into red/AAPL: the report is created, then updated (one comment); a fork's goes to the summary, also when its data cannot be pulled", async () => {
    const workspace = await checkout(BRANCH);
    await gitCli(workspace, ["checkout", "--quiet", "-b", HEAD_BRANCH]);
    await writeFile(join(workspace, "stockops.toml"), TOML.replace("alpha = 1", "alpha = 25"));
    await gitCli(workspace, ["commit", "--quiet", "-am", "ridge: stronger penalty"]);
    await gitCli(workspace, ["-c", AUTH, "push", "--quiet", "origin", HEAD_BRANCH]);
    const headSha = await gitCli(workspace, ["rev-parse", "HEAD"]);
    const standIn = await startGitHubStandIn({ token: TOKEN });
    try {
      const event = pullRequestOpened({ base: BRANCH, head: HEAD_BRANCH });
      event.pull_request.head.sha = headSha;
      standIn.state.addPullRequest("Codertocat/Hello-World", event.pull_request);
      const common = { workspace, event, eventName: "pull_request", refName: "2/merge", env: { GITHUB_API_URL: standIn.url } };

      const first = await run("report", common);
      expectSuccess(first);
      expectMaskedFirst(first.stdout);
      expect(first.outputs.posted).toBe("created");
      expect(first.outputs["comment-url"]).toMatch(/\/Codertocat\/Hello-World\/pull\/2#issuecomment-\d+$/);
      const second = await run("report", common);
      expectSuccess(second);
      expect(second.outputs.posted).toBe("updated");
      const comments = standIn.state.commentsOn("Codertocat/Hello-World", 2);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain("Compared with base `red/AAPL`");
      expect(comments[0]!.body).toContain("| `model.alpha` | `1` | `25` |");
      expect(comments[0]!.body).toContain(headSha.slice(0, 7));

      const fork = forkPullRequestOpened({ base: BRANCH, head: HEAD_BRANCH });
      fork.pull_request.head.sha = headSha;
      const before = standIn.requests.length;
      // A fork's GITHUB_TOKEN can still read the base repository (the git origin); it just cannot comment.
      const forked = await run("report", { ...common, event: fork });
      expectSuccess(forked);
      expect(forked.outputs).toMatchObject({ posted: "summary-only", "comment-url": "" });
      expect(forked.outputs.reason).toContain("fork");
      expect(forked.summary).toContain("stockops report: red/AAPL (PR #2)");
      expect(standIn.requests.slice(before).filter((request) => request.method !== "GET")).toEqual([]);

      // A dvc head whose data could not be pulled (a fork's run has no secrets): summary only, the job passes;
      // on a same-repository PR the same missing data fails the step.
      await writeFile(join(workspace, "stockops.toml"), TOML.replace('source = "package"', 'source = "dvc"\npin = true'));
      await writeFile(join(workspace, "data.dvc"), "outs:\n- md5: 0123456789abcdef0123456789abcdef.dir\n  size: 10\n  nfiles: 1\n  hash: md5\n  path: data\n");
      const forkWithoutData = await run("report", { ...common, event: fork });
      expectSuccess(forkWithoutData);
      expect(forkWithoutData.outputs).toMatchObject({ posted: "summary-only", "comment-url": "" });
      expect(forkWithoutData.summary).toContain("head not evaluated");
      expect(forkWithoutData.summary).toContain("stockops data pull");
      const sameRepoWithoutData = await run("report", common);
      expect(sameRepoWithoutData.code).not.toBe(0);
      expect(sameRepoWithoutData.stdout).toMatch(/::error::.*data\/AAPL\.csv/);
      expect(standIn.state.commentsOn("Codertocat/Hello-World", 2)).toHaveLength(1);
    } finally {
      await standIn.close();
    }
  }, 600_000);

  it("trading day for team red: ledger, portfolio and leaderboard committed to the trading branch; a rerun writes nothing; the monitor measures it", async () => {
    const workspace = await checkout("main");
    const dispatch = webhook("workflow_dispatch", (example) => example.ref === "refs/heads/main");
    const common = { workspace, event: dispatch, eventName: "workflow_dispatch", refName: "main", inputs: { team: "red", date: "2017-06-01" } };
    const first = await run("trade", common);
    expectSuccess(first);
    expectMaskedFirst(first.stdout);
    expect(first.outputs).toMatchObject({ date: "2017-06-01", written: "2017-06-01" });
    expect(Number(first.outputs.equity)).toBeGreaterThan(0);
    expect(await gitCli(remote.bareDir, ["rev-parse", "refs/heads/trading"])).toBe(first.outputs.commit);
    const files = await gitCli(remote.bareDir, ["ls-tree", "-r", "--name-only", "refs/heads/trading"]);
    expect(files.split("\n")).toEqual(expect.arrayContaining(["ledger/red.jsonl", "portfolio/red.json", "reports/leaderboard.md"]));
    const ledger = await gitCli(remote.bareDir, ["show", "refs/heads/trading:ledger/red.jsonl"]);
    expect(ledger.split("\n")).toHaveLength(1);
    expect(JSON.parse(ledger).date).toBe("2017-06-01");
    expect(first.summary).toContain("Trading: red, 2017-06-01");

    const rerun = await run("trade", common);
    expectSuccess(rerun);
    expect(rerun.outputs).toMatchObject({ written: "", commit: "" });
    expect(await gitCli(remote.bareDir, ["rev-parse", "refs/heads/trading"])).toBe(first.outputs.commit);

    // The monitor reads the same champion and the ledger's live predictions; a dry run changes nothing.
    const monitor = await run("monitor", { ...common, inputs: { "dry-run": "true" }, env: { GITHUB_REPOSITORY: "Codertocat/Hello-World" } });
    expectSuccess(monitor);
    expectMaskedFirst(monitor.stdout);
    expect(monitor.outputs).toMatchObject({ checked: "1", dispatched: "", "log-commit": "" });
    expect(monitor.summary).toContain("red/AAPL");
    expect(await gitCli(remote.bareDir, ["rev-parse", "refs/heads/trading"])).toBe(first.outputs.commit);
  }, 600_000);

  it("the train bundle, copied alone where no node_modules can be found, trains a neural model on the wasm backend", async () => {
    const root = await makeTempDir("stockops-relocated-");
    await cp(join(REPO_ROOT, "actions", "train"), join(root, "actions", "train"), { recursive: true });
    const workspace = join(root, "workspace");
    await mkdir(workspace);
    // The actions refuse a [data] path outside the checkout (a fork's config may name any file): the prices sit in it.
    await cp(realPrices.path("AAPL"), join(workspace, "AAPL.csv"));
    await writeFile(join(workspace, "stockops.toml"), `symbol = "AAPL"\nteam = "red"\nseed = 1\n\n[data]\nsource = "csv"\npath = "AAPL.csv"\n${realPrices.lastDate("AAPL") > "2021" ? 'start = "2021-01-01"\n' : ""}\n[model]\nkind = "mlp"\nepochs = 1\n`);
    const result = await runBundledAction({ node: (node24 as { path: string }).path, action: "train", root, workspace, token: TOKEN, event: {}, eventName: "push", refName: BRANCH });
    expectSuccess(result);
    expect(result.stdout).toContain("TensorFlow.js backend: wasm");
    expect(result.outputs["model-kind"]).toBe("mlp");
    expect(await readdir(join(workspace, "models", "AAPL"))).toEqual(expect.arrayContaining(["model.json", "weights.bin"]));
  }, 300_000);

  it("a bad input fails the step with one ::error:: line naming the field", async () => {
    const workspace = await makeTempDir("stockops-bad-input-");
    await mkdir(workspace, { recursive: true });
    const result = await run("features", { workspace, event: {}, eventName: "push", refName: BRANCH, inputs: { force: "maybe" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("::error::field 'force': input 'force' must be true or false, got 'maybe'");
  });
});
