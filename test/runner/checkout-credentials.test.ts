// actions/checkout v6 and later persist the token in a file under RUNNER_TEMP that .git/config only includes
// (actions/checkout#2286, "Persist creds to a separate file"; v6.0.0 release notes); the post step removes it.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { playEvent } from "../../src/runner/play-event.js";
import { startRunnerFixture, TOKEN, type RunnerFixture } from "./runner-fixture.js";

const WORKFLOW = `name: creds
on:
  workflow_dispatch:
permissions:
  contents: read
jobs:
  look:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - run: |
          git config --get-regexp '^includeif\\.' | cut -d' ' -f2 > included.txt
          git config --get-regexp 'extraheader' | wc -l > headers.txt
`;

let fixture: RunnerFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("actions/checkout's persisted credentials in the local runner", () => {
  it("keeps the token out of .git/config, in an included file under RUNNER_TEMP that the post step deletes", async () => {
    fixture = await startRunnerFixture({ ".github/workflows/creds.yml": WORKFLOW });
    const result = await playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "creds.yml" });
    const job = result.runs[0]!.jobs[0]!;
    expect(job.conclusion).toBe("success");
    const workspace = job.workspace!;
    const ownConfig = await readFile(join(workspace, ".git", "config"), "utf8");
    expect(ownConfig).not.toMatch(/AUTHORIZATION/i);
    expect(ownConfig).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString("base64"));
    expect((await readFile(join(workspace, "headers.txt"), "utf8")).trim()).toBe("1");
    const included = (await readFile(join(workspace, "included.txt"), "utf8")).trim();
    expect(included).toMatch(/git-credentials-[0-9a-f-]{36}\.config$/);
    expect(existsSync(included)).toBe(false);
  });
});
