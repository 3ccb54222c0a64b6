import { describe, expect, it } from "vitest";
import { dataFollowingSwitch, dataSourceOf, describeDataSource } from "../../src/report/data-source.js";

const MAIN_COMMIT = "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
const dvcLineage = (dataDvcFrom?: { branch: string; commit: string } | null) => ({
  origin: "data/AAPL.csv",
  content_hash: "fedcba9876543210fedcba9876543210",
  data_version: "aaaabbbbccccddddeeeeffff00001111",
  ...(dataDvcFrom !== undefined ? { data_dvc_from: dataDvcFrom } : {}),
});
const dvcConfig = (pin?: boolean) => ({ symbol: "AAPL", data: { source: "dvc", ...(pin !== undefined ? { pin } : {}) } });
const line = (lineage: unknown, config: unknown) => describeDataSource(dataSourceOf(lineage, config));

describe("dataSourceOf / describeDataSource", () => {
  it("names main and its short commit when lineage says the data.dvc was followed", () => {
    expect(dataSourceOf(dvcLineage({ branch: "main", commit: MAIN_COMMIT }), dvcConfig())).toEqual({
      source: "dvc",
      origin: "data/AAPL.csv",
      mode: "follows",
      trainedOn: { branch: "main", commit: MAIN_COMMIT },
    });
    expect(line(dvcLineage({ branch: "main", commit: MAIN_COMMIT }), dvcConfig(false))).toBe("follows main's data.dvc (main at `3f2a1c0`)");
  });

  it("says pinned for pin = true, whether lineage recorded null or predates following", () => {
    expect(line(dvcLineage(null), dvcConfig(true))).toBe("pinned: its own data.dvc");
    expect(line(dvcLineage(), dvcConfig(true))).toBe("pinned: its own data.dvc");
  });

  it("says a following branch trained on its own copy when the run skipped data follow", () => {
    expect(line(dvcLineage(null), dvcConfig())).toBe(
      "its own copy of data.dvc, not main's: the branch follows main (no `pin = true` in `[data]`) but this run skipped `stockops data follow --from main`",
    );
  });

  it("reads what lineage says when the config is unreadable, and says what is not recorded", () => {
    expect(line(dvcLineage({ branch: "main", commit: MAIN_COMMIT }), undefined)).toBe("follows main's data.dvc (main at `3f2a1c0`)");
    expect(line(dvcLineage(null), undefined)).toBe("its own data.dvc");
    expect(line(dvcLineage(), undefined)).toBe("a data.dvc (whose is not recorded)");
    expect(line(dvcLineage(), dvcConfig())).toBe("follows main's data.dvc (which commit is not recorded: lineage.json predates following)");
    expect(line(undefined, undefined)).toBe("not recorded (no readable stockops.toml or lineage.json)");
  });

  it("flags a followed data.dvc on a branch whose config pins", () => {
    expect(line(dvcLineage({ branch: "main", commit: MAIN_COMMIT }), dvcConfig(true))).toBe(
      "follows main's data.dvc (main at `3f2a1c0`), although its `[data]` says `pin = true`",
    );
  });

  it("names the source and file for package and csv branches (a config without [data] is package)", () => {
    const packageLineage = { origin: "@observablehq/sample-datasets/data/aapl.csv", content_hash: "x", data_version: null };
    expect(line(packageLineage, { symbol: "AAPL" })).toBe('`source = "package"`: embedded prices `@observablehq/sample-datasets/data/aapl.csv`');
    expect(line({ origin: "prices/AAPL.csv", data_version: null }, { data: { source: "csv", path: "prices/AAPL.csv" } })).toBe('`source = "csv"`: `prices/AAPL.csv`');
    expect(line(undefined, { data: { source: "csv" } })).toBe('`source = "csv"`: a CSV file (path not recorded)');
  });

  it("keeps a hostile branch name in one bounded code span", () => {
    const branch = `evil\`|\n${"x".repeat(500)}`;
    const text = line(dvcLineage({ branch, commit: "not-a-sha" }), dvcConfig());
    expect(text).not.toContain("\n");
    expect(text.length).toBeLessThan(200);
    expect(text).toMatch(/^follows `evilˋ\| x+…`'s data\.dvc \(`evilˋ\| x+…` at `not-a-sha`\)$/);
  });
});

describe("dataFollowingSwitch", () => {
  const following = dataSourceOf(dvcLineage({ branch: "main", commit: MAIN_COMMIT }), dvcConfig());
  const pinned = dataSourceOf(dvcLineage(null), dvcConfig(true));
  const unfollowedRun = dataSourceOf(dvcLineage(null), dvcConfig());
  const embedded = dataSourceOf({ origin: "@observablehq/sample-datasets/data/aapl.csv" }, { data: { source: "package" } });

  it("warns when a PR makes a following branch pin its own data.dvc, and the other way round", () => {
    expect(dataFollowingSwitch(following, pinned)).toMatch(/^⚠️ \*\*This PR switches the branch from following main's data\.dvc to pinning its own\*\*/);
    expect(dataFollowingSwitch(pinned, following)).toMatch(/^⚠️ \*\*This PR switches the branch from pinning its own data\.dvc to following main's\*\*/);
    expect(dataFollowingSwitch(pinned, unfollowedRun)).toContain("to following main's");
  });

  it("stays quiet when both sides follow or both pin, and when a side is not a dvc branch", () => {
    expect(dataFollowingSwitch(following, unfollowedRun)).toBeUndefined();
    expect(dataFollowingSwitch(pinned, pinned)).toBeUndefined();
    expect(dataFollowingSwitch(embedded, pinned)).toBeUndefined();
    expect(dataFollowingSwitch(following, dataSourceOf(dvcLineage(), undefined))).toBeUndefined();
  });
});
