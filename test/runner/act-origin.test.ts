import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import actCommand from "../../src/cli/commands/act.js";
import { runCli } from "../../src/cli/run-cli.js";
import { createBareRepo } from "../../src/gitops/git-http-server.js";
import { memoryLogger } from "../../src/logger/logger.js";
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
    const origin = address(bare, checkout);
    const out: string[] = [];
    const errors: string[] = [];
    const dir = join(parent, "act");
    const code = await runCli(["act", "push", "--branch", "red/AAPL", "--origin", origin, "--dir", dir], [actCommand], { cwd: checkout, out: (text) => out.push(text), logger: memoryLogger(), env: {} }, (text) => errors.push(text));
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/push on refs\/heads\/red\/AAPL .*\n {2}✓ \.github\/workflows\/pipeline\.yml \(run 1\): success/);
    expect(await gitCli(bare, ["show", "refs/heads/red/AAPL:models/version.txt"])).toBe("published red/AAPL");
  });
});
