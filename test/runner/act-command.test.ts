import { join } from "node:path";
import { describe, expect, it } from "vitest";
import actCommand from "../../src/cli/commands/act.js";
import { runCli } from "../../src/cli/run-cli.js";
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

describe("stockops act (the command)", () => {
  it("makes a local origin from the checkout, runs the push, and exits 0 with a summary", async () => {
    const checkout = await createTempRepo({ ".github/workflows/pipeline.yml": WORKFLOW, "actions/record/action.yml": FIXTURE_ACTION_YML, "actions/record/dist/index.js": FIXTURE_ACTION_JS });
    await gitCli(checkout, ["checkout", "--quiet", "-b", "red/AAPL"]);
    await gitCli(checkout, ["commit", "--quiet", "--allow-empty", "-m", "config"]);
    const dir = join(await makeTempDir(), "act");
    const out: string[] = [];
    const errors: string[] = [];
    const code = await runCli(["act", "push", "--branch", "red/AAPL", "--dir", dir], [actCommand], { cwd: checkout, out: (text) => out.push(text), logger: memoryLogger(), env: {} }, (text) => errors.push(text));

    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/push on refs\/heads\/red\/AAPL .*\n {2}✓ \.github\/workflows\/pipeline\.yml \(run 1\): success\n {6}✓ publish/);
    const bare = join(dir, "git", "local", "stockops.git");
    expect(await gitCli(bare, ["show", "refs/heads/red/AAPL:models/version.txt"])).toBe("published red/AAPL");
    // Checked out in the working tree, the branch is not moved there; the summary says how to take it.
    expect(out.join("\n")).toContain(`Published to ${bare}:\n  branch red/AAPL `);
    expect(out.join("\n")).toContain(`not copied: red/AAPL, checked out here: git pull --ff-only ${bare} red/AAPL`);
  });

  it("seeds the checkout's tags, says what it published where, and copies new versions back", async () => {
    const tagging = `${WORKFLOW}      - run: git tag models/red/AAPL/v2 && git push -q origin models/red/AAPL/v2\n`;
    const checkout = await createTempRepo({ ".github/workflows/pipeline.yml": tagging, "actions/record/action.yml": FIXTURE_ACTION_YML, "actions/record/dist/index.js": FIXTURE_ACTION_JS });
    await gitCli(checkout, ["checkout", "--quiet", "-b", "red/AAPL"]);
    await gitCli(checkout, ["commit", "--quiet", "--allow-empty", "-m", "config"]);
    await gitCli(checkout, ["tag", "models/red/AAPL/v1"]);
    await gitCli(checkout, ["checkout", "--quiet", "main"]);
    const dir = join(await makeTempDir(), "act");
    const out: string[] = [];
    const code = await runCli(["act", "push", "--branch", "red/AAPL", "--dir", dir], [actCommand], { cwd: checkout, out: (text) => out.push(text), logger: memoryLogger(), env: {} }, () => {});
    expect(code).toBe(0);
    const bare = join(dir, "git", "local", "stockops.git");
    const tip = await gitCli(bare, ["rev-parse", "refs/heads/red/AAPL"]);
    expect(await gitCli(bare, ["tag", "--list"])).toBe("models/red/AAPL/v1\nmodels/red/AAPL/v2");
    const summary = out.join("\n");
    expect(summary).toContain(`Published to ${bare}:\n  branch red/AAPL `);
    expect(summary).toMatch(new RegExp(`→ ${tip.slice(0, 12)}\\n {2}new tag models/red/AAPL/v2 at ${tip.slice(0, 12)}\\n`));
    expect(summary).toContain("Copied into this checkout: red/AAPL, models/red/AAPL/v2");
    expect(await gitCli(checkout, ["rev-parse", "refs/heads/red/AAPL", "refs/tags/models/red/AAPL/v2"])).toBe(`${tip}\n${tip}`);
  });

  it("refuses an unknown event with a usage error", async () => {
    const errors: string[] = [];
    const code = await runCli(["act", "release"], [actCommand], { out: () => {}, logger: memoryLogger() }, (text) => errors.push(text));
    expect(code).toBe(2);
    expect(errors.join("")).toMatch(/expected one event: push, pull_request, schedule, workflow_dispatch; got 'release'/);
  });
});
