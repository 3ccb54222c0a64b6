import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { renderChampion } from "../../src/publish/published-records.js";
import { readChampions } from "../../src/tracking/read-champions.js";
import { championOn, planChampionSet, setChampion } from "../../src/tracking/registry.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";
import { publishLocally } from "./published-fixture.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function cloneOf(remote: TempRemote): Promise<string> {
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", "--branch", "red/AAPL", remote.url, "clone"]);
  return join(parent, "clone");
}

describe("champion registry", () => {
  it("answers which version was champion on a date across promotions, a refused version and a rollback, each change a commit", async () => {
    const remote = await createTempRemote({ "stockops.toml": 'team = "red"\nsymbol = "AAPL"\n' }, { branches: ["red/AAPL"] });
    cleanups.push(remote.cleanup);
    const dir = await cloneOf(remote);
    const repo = openGitRepo({ dir });
    await publishLocally(repo, "red", "AAPL", [
      { testMae: 1.5, date: "2026-01-05T21:00:00.000Z" },
      { testMae: 1.3, date: "2026-01-10T21:00:00.000Z" },
      { testMae: 1.4, date: "2026-01-15T21:00:00.000Z" },
      { testMae: 1.1, date: "2026-01-20T21:00:00.000Z" },
    ]);
    await gitCli(dir, ["push", "--quiet", "origin", "red/AAPL", "--tags"]);

    const logger = memoryLogger();
    const result = await setChampion({ repo, team: "red", symbol: "AAPL", version: 2, reason: "v4 overfits the new regime", now: new Date("2026-01-25T12:00:00Z"), logger, retry: { sleep: async () => {} } });
    expect(result.champion.version).toBe(2);
    expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%s", "red/AAPL"])).toBe("models(red/AAPL): champion v4 → v2 by hand");
    expect(await gitCli(remote.bareDir, ["diff", "--name-only", "red/AAPL^", "red/AAPL"])).toBe("models/AAPL/champion.json");
    expect(JSON.parse(await gitCli(remote.bareDir, ["show", "red/AAPL:models/AAPL/champion.json"]))).toMatchObject({ version: 2, tag: "models/red/AAPL/v2", test_mae: 1.3 });

    await gitCli(dir, ["fetch", "--quiet", "origin"]);
    await gitCli(dir, ["reset", "--quiet", "--hard", "origin/red/AAPL"]);
    await publishLocally(repo, "red", "AAPL", [{ testMae: 1.2, date: "2026-02-01T21:00:00.000Z" }]);
    await gitCli(dir, ["push", "--quiet", "origin", "red/AAPL", "--tags"]);

    const [entry] = await readChampions({ gitdir: remote.bareDir }, "red/AAPL");
    const history = entry!.champion!.history;
    expect(history.map((era) => [era.version, era.since, era.until])).toEqual([
      [1, "2026-01-05T21:00:00.000Z", "2026-01-10T21:00:00.000Z"],
      [2, "2026-01-10T21:00:00.000Z", "2026-01-20T21:00:00.000Z"],
      [4, "2026-01-20T21:00:00.000Z", "2026-01-25T12:00:00.000Z"],
      [2, "2026-01-25T12:00:00.000Z", "2026-02-01T21:00:00.000Z"],
      [5, "2026-02-01T21:00:00.000Z", null],
    ]);
    expect(history[3]!.reason).toMatch(/^set by hand: v4 overfits the new regime \(test MAE 1.3000/);
    const on = (when: string) => championOn(history, when)?.version;
    expect(on("2026-01-04")).toBeUndefined();
    expect(on("2026-01-05")).toBe(1);
    expect(on("2026-01-10T20:59:59Z")).toBe(1);
    expect(on("2026-01-12")).toBe(2);
    expect(on("2026-01-15")).toBe(2);
    expect(on("2026-01-22")).toBe(4);
    expect(on("2026-01-25T11:59:59Z")).toBe(4);
    expect(on("2026-01-25")).toBe(2);
    expect(on("2026-01-31")).toBe(2);
    expect(on("2026-02-01")).toBe(5);
    expect(on("2030-01-01")).toBe(5);
    expect(() => championOn(history, "last tuesday")).toThrow(/expected a date YYYY-MM-DD or an ISO 8601 time/);
  }, 60_000);

  it("refuses unknown versions, the current champion, and dates before the current era", () => {
    const versions = [1, 2]
      .map((version) =>
        JSON.stringify({
          version,
          date: `2026-01-0${version}T00:00:00.000Z`,
          tag: `models/red/AAPL/v${version}`,
          config_commit: null,
          config_hash: null,
          data_version: null,
          model: { kind: "ridge", backend: "typescript" },
          metrics: { test_mae: version, test_rmse: 1, test_hit_rate: 0.5, naive_mae: 2, skill_vs_naive: 0.1 },
          gate: { promoted: true, reason: "promoted" },
          artifacts_md5: "x",
        }),
      )
      .join("\n");
    const current = planChampionSet(undefined, versions, { version: 2, date: "2026-01-02T00:00:00.000Z", reason: "first" }, "v.jsonl");
    expect(renderChampion(current)).toContain('"version": 2');
    expect(() => planChampionSet(current, versions, { version: 7, date: "2026-01-03T00:00:00.000Z", reason: "x" }, "v.jsonl")).toThrow(/v7 is not a published version/);
    expect(() => planChampionSet(current, versions, { version: 2, date: "2026-01-03T00:00:00.000Z", reason: "x" }, "v.jsonl")).toThrow(/already the champion/);
    expect(() => planChampionSet(current, versions, { version: 1, date: "2025-12-31T00:00:00.000Z", reason: "x" }, "v.jsonl")).toThrow(/history only grows forward/);
    const rolledBack = planChampionSet(current, versions, { version: 1, date: "2026-01-03T00:00:00.000Z", reason: "x" }, "v.jsonl");
    expect(rolledBack.history.map((era) => [era.version, era.until])).toEqual([
      [2, "2026-01-03T00:00:00.000Z"],
      [1, null],
    ]);
  });
});
