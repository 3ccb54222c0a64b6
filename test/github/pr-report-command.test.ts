import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { artifactPaths } from "../../src/pipeline/artifact-paths.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";
import { BASE_BRANCH, BASE_TOML, HEAD_BRANCH, HEAD_TOML, runBranch } from "./pr-report-branches.js";
import { forkPullRequestOpened, pullRequestOpened, type PullRequestPayload } from "./webhook-payloads.js";

const TOKEN = "ghs_commandTestToken22222222222222222";
const REPO_NAME = "Codertocat/Hello-World";

let remote: TempRemote;
let checkout: string;

/**
 * The base branch `red/AAPL` with its published files on a real `git http-backend`; the PR checkout is a
 * one-commit fetch of another branch (as actions/checkout makes), where the head config was written and
 * evaluated, so the checkout has no `red/AAPL` ref until the report fetches it.
 */
beforeAll(async () => {
  const baseDir = await runBranch(BASE_TOML);
  const paths = artifactPaths("AAPL");
  const files: Record<string, string> = {};
  for (const path of ["stockops.toml", paths.metrics, paths.predictions, paths.lineage]) files[path] = await readFile(join(baseDir, path), "utf8");
  remote = await createTempRemote(files, { branches: [BASE_BRANCH], token: TOKEN });
  checkout = join(await makeTempDir("stockops-pr-checkout-"), "clone");
  const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
  // As actions/checkout does it: init, add the remote (default refspec), fetch one commit, check it out.
  await mkdir(checkout, { recursive: true });
  await gitCli(checkout, ["init", "--quiet"]);
  await gitCli(checkout, ["remote", "add", "origin", remote.url]);
  await gitCli(checkout, ["-c", auth, "fetch", "--quiet", "--depth", "1", "origin", `+refs/heads/main:refs/remotes/origin/main`]);
  await gitCli(checkout, ["checkout", "--quiet", "-b", HEAD_BRANCH, "refs/remotes/origin/main"]);
  await writeFile(join(checkout, "stockops.toml"), HEAD_TOML);
  await runPipeline({ dir: checkout, logger: memoryLogger() });
});
afterAll(async () => remote?.cleanup());

async function stockops(event: PullRequestPayload, standIn: GitHubStandIn) {
  const dir = await makeTempDir("stockops-pr-event-");
  const eventPath = join(dir, "event.json");
  const summaryPath = join(dir, "summary.md");
  await writeFile(eventPath, JSON.stringify(event));
  const out: string[] = [];
  const errors: string[] = [];
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standIn.url, GITHUB_EVENT_PATH: eventPath, GITHUB_STEP_SUMMARY: summaryPath };
  const code = await runCli(["pr-report", "--dir", checkout], await loadCommands(), { logger: memoryLogger(), out: (text) => out.push(text), env, cwd: dir }, (text) => errors.push(text));
  const summary = await readFile(summaryPath, "utf8").catch(() => "");
  return { code, out: out.join("\n"), errors: errors.join(""), summary };
}

describe("stockops pr-report", () => {
  it("fetches the base into a shallow checkout, posts the comment, then updates it", async () => {
    const standIn = await startGitHubStandIn({ token: TOKEN });
    try {
      const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
      standIn.state.addPullRequest(REPO_NAME, event.pull_request);
      const first = await stockops(event, standIn);
      expect(first.errors).toBe("");
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/report created: http:\/\/127\.0\.0\.1:\d+\/Codertocat\/Hello-World\/pull\/2#issuecomment-1/);
      const second = await stockops(event, standIn);
      expect(second.out).toContain("report updated");
      const comments = standIn.state.commentsOn(REPO_NAME, 2);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain("Compared with base `red/AAPL`");
      expect(comments[0]!.body).toContain("| `model.alpha` | `1` | `25` |");
      expect(second.summary).toContain("### Metrics: head vs base");
    } finally {
      await standIn.close();
    }
  });

  it("writes a fork's report to the job summary and exits 0", async () => {
    const standIn = await startGitHubStandIn({ token: "ghs_the_fork_never_gets_this" });
    try {
      const event = forkPullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
      standIn.state.addPullRequest(REPO_NAME, event.pull_request);
      const result = await stockops(event, standIn);
      expect(result.code).toBe(0);
      expect(result.out).toContain("report written to the job summary (the pull request comes from a fork");
      expect(result.summary).toContain("## stockops report: red/AAPL (PR #2)");
      expect(standIn.requests).toEqual([]);
    } finally {
      await standIn.close();
    }
  });

  it("fails with one line naming the file when the head was not evaluated", async () => {
    const standIn = await startGitHubStandIn({ token: TOKEN });
    try {
      const bare = await makeTempDir("stockops-pr-unevaluated-");
      await writeFile(join(bare, "stockops.toml"), HEAD_TOML);
      const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
      const dir = await makeTempDir("stockops-pr-event-");
      await writeFile(join(dir, "event.json"), JSON.stringify(event));
      const errors: string[] = [];
      const code = await runCli(["pr-report", "--dir", bare, "--event", join(dir, "event.json")], await loadCommands(), { logger: memoryLogger(), out: () => {}, env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standIn.url }, cwd: dir }, (text) => errors.push(text));
      expect(code).not.toBe(0);
      expect(errors.join("")).toContain("models/AAPL/metrics.json: not found; evaluate the head first");
    } finally {
      await standIn.close();
    }
  });
});
