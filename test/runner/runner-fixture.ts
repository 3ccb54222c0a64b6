import { join } from "node:path";
import { memoryLogger } from "../../src/logger/logger.js";
import { localRunnerSetup, seedOriginFromCheckout, startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import type { RunnerSetup } from "../../src/runner/runner-setup.js";
import { createTempRepo, gitCli, makeTempDir, type FileTree } from "../support/temp-repo.js";

export const REPOSITORY = "acme/stocks";
export const TOKEN = "ghs_fixtureToken123";

/**
 * A tiny node action written for these tests (no ncc bundle needed): it reads its inputs the way
 * @actions/core does, writes an output and a job summary line, can commit a file to the branch it
 * runs on and push it, and can comment on the pull request of the event through GITHUB_API_URL.
 */
export const FIXTURE_ACTION_YML = `name: record
description: Fixture action for the local runner tests
inputs:
  message:
    description: Text to write
    required: true
  file:
    description: Path to commit to the current branch (empty = no commit)
    default: ""
  branch:
    description: Branch to push to
    default: \${{ github.ref_name }}
  comment:
    description: Post the message as a comment on the event's pull request
    default: "false"
  token:
    description: GitHub token
    default: \${{ github.token }}
outputs:
  length:
    description: Length of the message
runs:
  using: node24
  main: dist/index.js
`;

export const FIXTURE_ACTION_JS = `const { appendFileSync, readFileSync, writeFileSync, mkdirSync } = require("node:fs");
const { dirname } = require("node:path");
const { execFileSync } = require("node:child_process");
const input = (name) => (process.env["INPUT_" + name.toUpperCase()] || "").trim();
async function main() {
  const message = input("message");
  const token = input("token");
  console.log("::add-mask::" + token);
  console.log("token is " + token);
  appendFileSync(process.env.GITHUB_OUTPUT, "length=" + message.length + "\\n");
  appendFileSync(process.env.GITHUB_STEP_SUMMARY, "recorded: " + message + "\\n");
  const file = input("file");
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, message + "\\n");
    const git = (...args) => execFileSync("git", args, { stdio: "pipe" }).toString().trim();
    git("add", file);
    git("-c", "user.name=github-actions[bot]", "-c", "user.email=41898282+github-actions[bot]@users.noreply.github.com", "commit", "-q", "-m", "record " + file);
    git("push", "-q", "origin", "HEAD:refs/heads/" + input("branch"));
  }
  if (input("comment") === "true") {
    const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, "utf8"));
    const url = process.env.GITHUB_API_URL + "/repos/" + process.env.GITHUB_REPOSITORY + "/issues/" + event.pull_request.number + "/comments";
    const response = await fetch(url, { method: "POST", headers: { authorization: "token " + token, "content-type": "application/json", "x-github-api-version": "2022-11-28" }, body: JSON.stringify({ body: message }) });
    if (response.status !== 201) { console.log("::error::comment failed with HTTP " + response.status); process.exit(1); }
  }
}
main().catch((error) => { console.log("::error::" + error.message); process.exit(1); });
`;

export interface RunnerFixture {
  origin: LocalOrigin;
  setup: RunnerSetup;
  logger: ReturnType<typeof memoryLogger>;
  /** The developer checkout the origin was seeded from. */
  checkout: string;
  /** Commits `files` on `branch` (created from main when missing) in the checkout and pushes it; returns [before, after]. */
  push(branch: string, files: FileTree, message?: string, from?: string): Promise<[string, string]>;
  remoteFile(ref: string, path: string): Promise<string>;
  remoteRefs(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startRunnerFixture(files: FileTree): Promise<RunnerFixture> {
  const checkout = await createTempRepo({ "actions/record/action.yml": FIXTURE_ACTION_YML, "actions/record/dist/index.js": FIXTURE_ACTION_JS, ...files });
  const root = await makeTempDir("stockops-runner-");
  const origin = await startLocalOrigin({ gitRoot: join(root, "git"), repository: REPOSITORY, token: undefined });
  await seedOriginFromCheckout(checkout, origin.bareDir);
  await gitCli(checkout, ["remote", "add", "origin", origin.originUrl]);
  const logger = memoryLogger();
  const setup = localRunnerSetup(origin, { root: join(root, "runner"), repository: REPOSITORY, token: TOKEN, logger });
  return {
    origin,
    setup,
    logger,
    checkout,
    async push(branch, changes, message = "change", from = "main") {
      const exists = (await gitCli(checkout, ["ls-remote", "origin", `refs/heads/${branch}`])) !== "";
      await gitCli(checkout, ["fetch", "--quiet", "origin"]);
      const before = exists ? await gitCli(checkout, ["rev-parse", `origin/${branch}`]) : "0".repeat(40);
      await gitCli(checkout, ["checkout", "--quiet", "-B", branch, exists ? `origin/${branch}` : `origin/${from}`]);
      const { writeTree } = await import("../support/temp-repo.js");
      await writeTree(checkout, changes);
      await gitCli(checkout, ["add", "-A"]);
      await gitCli(checkout, ["commit", "--quiet", "-m", message]);
      await gitCli(checkout, ["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`]);
      return [before, await gitCli(checkout, ["rev-parse", "HEAD"])];
    },
    remoteFile: (ref, path) => gitCli(origin.bareDir, ["show", `${ref}:${path}`]),
    async remoteRefs() {
      const out = await gitCli(origin.bareDir, ["for-each-ref", "--format=%(refname) %(objectname)"]);
      return Object.fromEntries(out.split("\n").filter(Boolean).map((line) => line.split(" ").reverse() as [string, string]).map(([sha, ref]) => [ref, sha]));
    },
    close: () => origin.close(),
  };
}
