import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import actCommand from "../../src/cli/commands/act.js";
import { runCli } from "../../src/cli/run-cli.js";
import { createBareRepo } from "../../src/gitops/git-http-server.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { startSshServer, sshUnavailableReason } from "../support/ssh-server.js";
import { createTempRepo, gitCli, makeTempDir } from "../support/temp-repo.js";
import { FIXTURE_ACTION_JS, FIXTURE_ACTION_YML } from "./runner-fixture.js";

const WORKFLOW = `name: pipeline
on:
  push:
    branches: ["*/*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./actions/record
        with:
          message: published \${{ github.ref_name }}
          file: models/version.txt
`;

const cleanups: string[] = [];
afterEach(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A checkout with the workflow and its action on red/AAPL, and a bare origin beside it holding main and red/AAPL. */
async function checkoutWithBareOrigin(): Promise<{ checkout: string; parent: string; bare: string }> {
  const checkout = await createTempRepo({ ".github/workflows/pipeline.yml": WORKFLOW, "actions/record/action.yml": FIXTURE_ACTION_YML, "actions/record/dist/index.js": FIXTURE_ACTION_JS });
  const parent = await makeTempDir();
  cleanups.push(checkout, parent);
  await gitCli(checkout, ["checkout", "--quiet", "-b", "red/AAPL"]);
  await gitCli(checkout, ["commit", "--quiet", "--allow-empty", "-m", "config"]);
  const bare = await createBareRepo(parent, "origin");
  await gitCli(checkout, ["push", "--quiet", bare, "main", "red/AAPL"]);
  return { checkout, parent, bare };
}

describe("stockops act --origin with an origin that is not served over HTTP", () => {
  it.each([
    ["a relative path to a bare repository", (bare: string, checkout: string) => relative(checkout, bare)],
    ["a file:// URL", (bare: string) => pathToFileURL(bare).href],
  ])("%s: the workflow checks out from it and its push lands there", async (_name, address) => {
    const { checkout, parent, bare } = await checkoutWithBareOrigin();
    await playPush(checkout, parent, bare, address(bare, checkout));
  });

  const sshSkip = sshUnavailableReason();
  it.skipIf(sshSkip)(`an SSH address (real sshd): the checkout step and the action's own git push go over SSH${sshSkip ? ` (skipped: ${sshSkip})` : ""}`, async () => {
    const ssh = await startSshServer();
    // The runner and its steps reach an SSH origin with the process's GIT_SSH_COMMAND, as a person's git does.
    const saved = process.env.GIT_SSH_COMMAND;
    process.env.GIT_SSH_COMMAND = ssh.gitSshCommand;
    try {
      const { checkout, parent, bare } = await checkoutWithBareOrigin();
      await playPush(checkout, parent, bare, ssh.sshUrl(bare));
    } finally {
      if (saved === undefined) delete process.env.GIT_SSH_COMMAND;
      else process.env.GIT_SSH_COMMAND = saved;
      await ssh.stop();
    }
  }, 60_000);
});

/** `act push --branch red/AAPL --origin <origin>` from the checkout; the action's commit must land on the bare repository. */
async function playPush(checkout: string, parent: string, bare: string, origin: string): Promise<void> {
  const out: string[] = [];
  const errors: string[] = [];
  const dir = join(parent, "act");
  const code = await runCli(["act", "push", "--branch", "red/AAPL", "--origin", origin, "--dir", dir], [actCommand], { cwd: checkout, out: (text) => out.push(text), logger: memoryLogger(), env: {} }, (text) => errors.push(text));
  expect(errors).toEqual([]);
  expect(code).toBe(0);
  expect(out.join("\n")).toMatch(/push on refs\/heads\/red\/AAPL .*\n {2}✓ \.github\/workflows\/pipeline\.yml \(run 1\): success/);
  expect(await gitCli(bare, ["show", "refs/heads/red/AAPL:models/version.txt"])).toBe("published red/AAPL");
}

describe("stockops act --origin naming no repository", () => {
  it("fails with git's own reason, not the last line of its advice", async () => {
    const { checkout, parent } = await checkoutWithBareOrigin();
    const errors: string[] = [];
    const missing = join(parent, "gone.git");
    const code = await runCli(["act", "push", "--branch", "red/AAPL", "--origin", missing, "--dir", join(parent, "act")], [actCommand], { cwd: checkout, out: () => {}, logger: memoryLogger(), env: {} }, (text) => errors.push(text));
    expect(code).toBe(1);
    expect(errors.join("")).toContain(`fatal: '${missing}' does not appear to be a git repository`);
  });
});
