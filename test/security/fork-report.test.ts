// A fork forges metrics.json and the stockops.lock entry that vouches for it, so a plain run skips evaluate and
// the gate reads MAE 0.5 / skill 0.7 (issue 16). A fork's report recomputes every stage instead; and whatever
// its summary quotes has the secrets of the environment masked.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { DataError } from "../../src/errors.js";
import { explainForkWithoutData } from "../../src/github/fork-without-data.js";
import { redactSecrets, secretsInEnv } from "../../src/github/mask.js";
import { startGitHubStandIn } from "../../src/github/stand-in-server.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { artifactPaths } from "../../src/pipeline/artifact-paths.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { LOCK_FILE } from "../../src/pipeline/stage-lock.js";
import { formatValue } from "../../src/report/pr-report/format.js";
import { BASE_BRANCH, BASE_TOML, HEAD_BRANCH, HEAD_TOML, runBranch } from "../github/pr-report-branches.js";
import { forkPullRequestOpened } from "../github/webhook-payloads.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

const TOKEN = "ghs_forkReportTestToken333333333333333";
const paths = artifactPaths("AAPL");
let remote: TempRemote;
let checkout: string;
let honest: { bytes: string; mae: number };

beforeAll(async () => {
  const baseDir = await runBranch(BASE_TOML);
  const files: Record<string, string> = {};
  for (const path of ["stockops.toml", paths.metrics, paths.predictions, paths.lineage]) files[path] = await readFile(join(baseDir, path), "utf8");
  remote = await createTempRemote(files, { branches: [BASE_BRANCH], token: TOKEN });
  checkout = join(await makeTempDir("stockops-fork-checkout-"), "clone");
  const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
  await mkdir(checkout, { recursive: true });
  await gitCli(checkout, ["init", "--quiet"]);
  await gitCli(checkout, ["remote", "add", "origin", remote.url]);
  await gitCli(checkout, ["-c", auth, "fetch", "--quiet", "--depth", "1", "origin", "+refs/heads/main:refs/remotes/origin/main"]);
  await gitCli(checkout, ["checkout", "--quiet", "-b", HEAD_BRANCH, "refs/remotes/origin/main"]);
  await writeFile(join(checkout, "stockops.toml"), HEAD_TOML);
  await runPipeline({ dir: checkout, logger: memoryLogger() });
  const bytes = await readFile(join(checkout, paths.metrics), "utf8");
  honest = { bytes, mae: (JSON.parse(bytes) as { test: { mae: number } }).test.mae };
}, 120_000);
afterAll(async () => remote?.cleanup());

/** What the fork commits: metrics that look great, and a lock entry whose hash matches them. */
async function forge(): Promise<void> {
  const metrics = JSON.parse(honest.bytes) as { test: { mae: number }; skill_vs_naive: number };
  metrics.test.mae = 0.5;
  metrics.skill_vs_naive = 0.7;
  const forged = `${JSON.stringify(metrics, null, 2)}\n`;
  await writeFile(join(checkout, paths.metrics), forged);
  const lock = JSON.parse(await readFile(join(checkout, LOCK_FILE), "utf8")) as { stages: { evaluate: { outputs: Record<string, string> } } };
  lock.stages.evaluate.outputs[paths.metrics] = createHash("md5").update(forged).digest("hex");
  await writeFile(join(checkout, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
}

describe("a fork's PR report trusts nothing the head committed", () => {
  it("the forgery is real: a plain run skips evaluate and keeps the forged metrics", async () => {
    await forge();
    const result = await runPipeline({ dir: checkout, until: "evaluate", logger: memoryLogger() });
    expect(result.stages.find((stage) => stage.stage === "evaluate")?.status).toBe("skipped");
    expect(JSON.parse(await readFile(join(checkout, paths.metrics), "utf8")).test.mae).toBe(0.5);
  });

  it("stockops pr-report on a fork's event recomputes every stage: the summary shows the honest MAE, never 0.5", async () => {
    await forge();
    const standIn = await startGitHubStandIn({ token: "ghs_the_fork_never_gets_this" });
    try {
      const event = forkPullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
      standIn.state.addPullRequest("Codertocat/Hello-World", event.pull_request);
      const dir = await makeTempDir("stockops-fork-event-");
      await writeFile(join(dir, "event.json"), JSON.stringify(event));
      const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standIn.url, GITHUB_EVENT_PATH: join(dir, "event.json"), GITHUB_STEP_SUMMARY: join(dir, "summary.md") };
      const errors: string[] = [];
      const code = await runCli(["pr-report", "--dir", checkout], await loadCommands(), { logger: memoryLogger(), out: () => {}, env, cwd: dir }, (text) => errors.push(text));
      expect(errors.join("")).toBe("");
      expect(code).toBe(0);
      const summary = await readFile(join(dir, "summary.md"), "utf8");
      expect(summary).toContain(formatValue(honest.mae, "price"));
      expect(summary).not.toContain(formatValue(0.5, "price"));
      expect(await readFile(join(checkout, paths.metrics), "utf8")).toBe(honest.bytes);
    } finally {
      await standIn.close();
    }
  }, 120_000);
});

describe("secrets are masked in every error path, job summaries included", () => {
  it("a fork's 'head not evaluated' summary masks a token the error happened to quote", () => {
    const error = new DataError(`s3 remote refused https://x-access-token:${TOKEN}@example.test/bucket`, { file: "data.dvc" });
    const summary = explainForkWithoutData(forkPullRequestOpened(), error, secretsInEnv({ GITHUB_TOKEN: TOKEN }))!;
    expect(summary).toContain("***");
    expect(summary).not.toContain(TOKEN);
  });

  it("every encoded form of a secret is masked, longest first", () => {
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
    const text = `token ${TOKEN}, header Basic ${basic}, url ${encodeURIComponent(TOKEN)}`;
    expect(redactSecrets(text, [TOKEN])).toBe("token ***, header Basic ***, url ***");
    expect(secretsInEnv({ GITHUB_TOKEN: TOKEN, AWS_SECRET_ACCESS_KEY: "abcdef123456", HOME: "/root", SHORT_TOKEN: "abc" })).toEqual([TOKEN, "abcdef123456"]);
  });

  it("a CLI error that quotes a secret prints it masked", async () => {
    const errors: string[] = [];
    const dir = await makeTempDir("stockops-mask-cli-");
    await writeFile(join(dir, "stockops.toml"), `symbol = "AAPL"\nteam = "red"\n[data]\nsource = "csv"\npath = "${TOKEN}.csv"\n`);
    const code = await runCli(["run", "--dir", dir], await loadCommands(), { logger: memoryLogger(), out: () => {}, env: { GITHUB_TOKEN: TOKEN }, cwd: dir }, (text) => errors.push(text));
    expect(code).toBe(1);
    expect(errors.join("")).toContain("***.csv");
    expect(errors.join("")).not.toContain(TOKEN);
  });
});
