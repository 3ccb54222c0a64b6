import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { parseVersionRecords } from "../../src/publish/published-records.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { tradeAndPush } from "../../src/trading/trading-branch.js";
import { buildLineage, metricsText } from "../support/metrics-builder.js";
import { createTempRemote, gitCli, makeTempDir, TEST_AUTHOR, writeTree, type TempRemote } from "../support/temp-repo.js";
import { branchesFor, fixedPrices, momentumChampions, syntheticBars } from "../trading/fakes.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const WRITERS = 16;
/** Real sleeps, jittered by Math.random, on a shorter scale than production's so the test stays quick. */
const fastPolicy = { baseDelayMs: 20, maxDelayMs: 400 };

async function clones(remote: TempRemote, branch: string, count: number): Promise<string[]> {
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  const dirs: string[] = [];
  for (let index = 0; index < count; index += 1) {
    await gitCli(parent, ["clone", "--quiet", "--branch", branch, remote.url, `c${index}`]);
    dirs.push(join(parent, `c${index}`));
  }
  return dirs;
}

describe(`${WRITERS} concurrent writers on one branch, real git http-backend`, () => {
  it(`${WRITERS} publishers at once: versions 1…${WRITERS}, no gap, each tag at its own commit, linear history, nothing forced`, async () => {
    const remote = await createTempRemote({ "stockops.toml": 'team = "red"\nsymbol = "AAPL"\n\n[model]\nkind = "ridge"\n' }, { branches: ["red/AAPL"] });
    cleanups.push(remote.cleanup);
    const base = await gitCli(remote.bareDir, ["rev-parse", "red/AAPL"]);
    const dirs = await clones(remote, "red/AAPL", WRITERS);
    for (const [index, dir] of dirs.entries()) {
      await writeTree(dir, {
        "models/AAPL/metrics.json": metricsText({ testMae: 2 - index / 100, skill: 0.01 }),
        "models/AAPL/lineage.json": `${JSON.stringify(buildLineage())}\n`,
        "models/AAPL/model.json": `${JSON.stringify({ kind: "ridge", weights: `writer ${index}` })}\n`,
      });
    }
    const loggers = dirs.map(() => memoryLogger());

    const results = await Promise.all(
      dirs.map((dir, index) =>
        publishArtifacts({
          repo: openGitRepo({ dir }), branch: "red/AAPL", team: "red", symbol: "AAPL", workdir: dir, logger: loggers[index]!,
          clock: { now: () => new Date("2026-11-23T21:00:00Z") }, retry: fastPolicy,
        }),
      ),
    );

    expect(results.every((result) => result.pushed)).toBe(true);
    expect(results.map((result) => result.version).sort((a, b) => a! - b!)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    const versions = parseVersionRecords(await gitCli(remote.bareDir, ["show", "red/AAPL:models/AAPL/versions.jsonl"]), "v").map((record) => record.version);
    expect(versions).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    const commits = (await gitCli(remote.bareDir, ["rev-list", "--reverse", `${base}..red/AAPL`])).split("\n");
    expect(commits).toHaveLength(WRITERS);
    expect(await gitCli(remote.bareDir, ["rev-list", "--merges", "--count", "red/AAPL"])).toBe("0");
    for (const [index, commit] of commits.entries()) expect(await gitCli(remote.bareDir, ["rev-parse", `models/red/AAPL/v${index + 1}^{commit}`])).toBe(commit);
    // Each version's tag holds the model of the writer that got that number.
    for (const result of results) {
      const weights = JSON.parse(await gitCli(remote.bareDir, ["show", `${result.tag}:models/AAPL/model.json`])).weights as string;
      expect(weights).toBe(`writer ${results.indexOf(result)}`);
    }
    expect(loggers.flatMap((logger) => logger.lines).some((line) => /force: true|use force|--force/i.test(line))).toBe(false);
    expect(Math.max(...results.map((result) => result.attempts))).toBeGreaterThan(1);
    await gitCli(remote.bareDir, ["fsck", "--strict", "--no-dangling"]);
  }, 300_000);

  it(`${WRITERS} teams trading onto 'trading' at once: every ledger day lands, one commit each, leaderboard lists all`, async () => {
    const remote = await createTempRemote({ "README.md": "trading\n" }, { branches: ["trading"] });
    cleanups.push(remote.cleanup);
    const teams = Array.from({ length: WRITERS }, (_, i) => `t${String(i).padStart(2, "0")}`);
    const branches = branchesFor(Object.fromEntries(teams.map((team) => [team, ["AAPL", "MSFT"]])));
    const prices = fixedPrices(syntheticBars(["AAPL", "MSFT"]));
    const dirs = await clones(remote, "trading", WRITERS);

    const outcomes = await Promise.all(
      teams.map((team, index) =>
        tradeAndPush({
          repo: openGitRepo({ dir: dirs[index]! }), team, author: TEST_AUTHOR, policy: fastPolicy,
          trade: (ledger) => runTrading({ team, date: "2023-06-01", branches, champions: momentumChampions("2023-05-31"), prices, ledger, broker: paperBroker(), logger: memoryLogger() }),
        }),
      ),
    );

    expect(outcomes.every((outcome) => outcome.pushed)).toBe(true);
    const subjects = (await gitCli(remote.bareDir, ["log", "--format=%s", "trading"])).split("\n");
    expect(subjects).toHaveLength(WRITERS + 1);
    expect(new Set(subjects.slice(0, WRITERS).map((subject) => /^trading\((t\d\d)\)/.exec(subject)?.[1])).size).toBe(WRITERS);
    for (const team of teams) expect(parseLedger(await gitCli(remote.bareDir, ["show", `trading:ledger/${team}.jsonl`]), team).map((e) => e.date)).toEqual(["2023-06-01"]);
    const board = await gitCli(remote.bareDir, ["show", "trading:reports/leaderboard.md"]);
    for (const team of teams) expect(board).toContain(`| ${team} |`);
  }, 300_000);
});
