// actions/upload-artifact and actions/download-artifact in the local runner: matrix legs upload one artifact
// each (named by an expression over the matrix, as GitHub shows it), a later job downloads them by pattern, merged into one folder or one folder per artifact (v4's layout).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { playEvent } from "../../src/runner/play-event.js";
import { startRunnerFixture, type RunnerFixture } from "./runner-fixture.js";

const UPLOAD = "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0";
const DOWNLOAD = "actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1";

const FAN = `name: fan
on:
  workflow_dispatch:
permissions:
  contents: read
jobs:
  legs:
    name: leg \${{ matrix.n }} of \${{ strategy.job-total }}
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2]
    steps:
      - env:
          N: \${{ matrix.n }}
        run: mkdir -p out && echo "leg $N" > "out/leg-$N.txt"
      - uses: ${UPLOAD}
        with:
          name: part-\${{ matrix.n }}
          path: out/leg-\${{ matrix.n }}.txt
          if-no-files-found: error
  notes:
    runs-on: ubuntu-latest
    steps:
      - run: echo note > notes.txt
      - uses: ${UPLOAD}
        with:
          name: notes
          path: notes.txt
  gather:
    needs: [legs, notes]
    runs-on: ubuntu-latest
    steps:
      - uses: ${DOWNLOAD}
        with:
          pattern: part-*
          path: merged
          merge-multiple: true
      - uses: ${DOWNLOAD}
        with:
          pattern: part-*
          path: apart
      - uses: ${DOWNLOAD}
        with:
          name: notes
          path: named
      - id: none
        continue-on-error: true
        uses: ${DOWNLOAD}
        with:
          pattern: nothing-*
      - env:
          NONE: \${{ steps.none.outcome }}
        run: test "$NONE" = failure
`;

let fixture: RunnerFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("artifacts in the local runner", () => {
  it("download-artifact by pattern merges the legs' artifacts or keeps one folder each, by name into path, and fails when nothing matches", async () => {
    fixture = await startRunnerFixture({ ".github/workflows/fan.yml": FAN });
    const result = await playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "fan.yml" });
    const run = result.runs[0]!;
    expect(run.jobs.map((job) => `${job.name}:${job.conclusion}`)).toEqual(["leg 1 of 2:success", "leg 2 of 2:success", "notes:success", "gather:success"]);
    const workspace = run.jobs.at(-1)!.workspace!;
    const read = (path: string) => readFile(join(workspace, path), "utf8");
    expect([await read("merged/leg-1.txt"), await read("merged/leg-2.txt")]).toEqual(["leg 1\n", "leg 2\n"]);
    await expect(read("merged/notes.txt")).rejects.toThrow(/ENOENT/);
    expect([await read("apart/part-1/leg-1.txt"), await read("apart/part-2/leg-2.txt")]).toEqual(["leg 1\n", "leg 2\n"]);
    expect(await read("named/notes.txt")).toBe("note\n");
    expect(run.jobs.at(-1)!.steps.find((step) => step.id === "none")).toMatchObject({ outcome: "failure", conclusion: "success" });
    expect(fixture.logger.lines).toContain("2 artifacts downloaded to " + join(workspace, "merged") + " (merged): part-1, part-2");
  });
});
