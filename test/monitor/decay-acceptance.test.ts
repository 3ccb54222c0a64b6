import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBranchesConfig } from "../../src/config/read-branches-config.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger, silentLogger } from "../../src/logger/logger.js";
import { parseMonitorLog } from "../../src/monitor/monitor-log.js";
import { runMonitor } from "../../src/monitor/run-monitor.js";
import { gitBranchReader } from "../../src/trading/branch-files.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { branchChampionSource } from "../../src/trading/champion-source.js";
import { directoryLedgerStore, parseLedger, serializeEntry } from "../../src/trading/ledger.js";
import { pipelineModelRuntime } from "../../src/trading/model-runtime.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { gitCli, makeTempDir, TEST_AUTHOR } from "../support/temp-repo.js";
import { createMonitorWorld, monitorSymbol, pricesFolder, startStandIn, worldSources, type MonitorWorld } from "./monitor-world.js";

const SYMBOL = monitorSymbol("IBM");
let world: MonitorWorld;
let pricesDir: string;
let honestLedger: string;

beforeAll(async () => {
  world = await createMonitorWorld({ symbol: SYMBOL, rows: 1500, teams: ["red"], holdOut: 31 });
  pricesDir = await pricesFolder(SYMBOL, world.bars);
  // The real champion (fitted up to 31 days before the end) trades the last 30 days it has a next close for: its live predictions, in a real ledger.
  const ledgerDir = await makeTempDir("stockops-ledger-");
  const branches = parseBranchesConfig(await readFile(join(world.mainDir, "branches.json"), "utf8"));
  await runTrading({
    team: "red",
    from: world.bars.at(-31)!.date,
    to: world.bars.at(-2)!.date,
    branches,
    champions: branchChampionSource(gitBranchReader(openGitRepo({ dir: world.mainDir })), pipelineModelRuntime),
    prices: csvDirectoryPriceSource(pricesDir),
    ledger: directoryLedgerStore(ledgerDir),
    broker: paperBroker(),
    logger: silentLogger,
  });
  honestLedger = await readFile(join(ledgerDir, "ledger/red.jsonl"), "utf8");
  await rm(ledgerDir, { recursive: true, force: true });
}, 180_000);
afterAll(async () => world?.cleanup());

/** Replaces ledger/red.jsonl on the origin's trading branch, as the trading run would have committed it. */
async function commitLedger(text: string): Promise<void> {
  const repo = openGitRepo({ dir: world.mainDir });
  const parent = await repo.fetchBranch("trading");
  const commit = await repo.commitFiles({ parent, changes: { "ledger/red.jsonl": text }, message: "trading: ledger", author: TEST_AUTHOR });
  await repo.push("trading", "branch", commit);
}

/** Each prediction pushed 5 % away from what it said, alternately up and down: a model gone wrong. */
function worsened(text: string): string {
  return parseLedger(text, "red.jsonl")
    .map((entry, i) => serializeEntry({ ...entry, predictions: entry.predictions.map((p) => ({ ...p, predicted_return: p.predicted_return + (i % 2 === 0 ? 0.05 : -0.05) })) }))
    .map((line) => `${line}\n`)
    .join("");
}

describe("acceptance 2: performance decay from the trading ledger", () => {
  it("honest ledger, worsened ledger, then a second run: decay dispatches once, the one issue is updated, not duplicated", async () => {
    const branches = parseBranchesConfig(await readFile(join(world.mainDir, "branches.json"), "utf8"));
    const { standIn, github } = await startStandIn();
    const run = (iso: string) => runMonitor({ branches, sources: worldSources(world, pricesDir), github, clock: { now: () => new Date(iso) }, logger: memoryLogger() });
    try {
      await commitLedger(honestLedger);
      const honest = await run("2026-11-23T22:00:00Z");
      const honestDecay = honest.measurements[0]!.decay!;
      expect(honestDecay.predictions).toHaveLength(20);
      expect(honestDecay.model_version).toBe("v1");
      expect(honestDecay.ratio).toBeLessThan(branches.monitor.decay_ratio);
      expect(honest.dispatched).toEqual([]);

      await commitLedger(worsened(honestLedger));
      const first = await run("2026-11-24T22:00:00Z");
      const decay = first.measurements[0]!.decay!;
      expect(decay.decayed).toBe(true);
      expect(decay.ratio!).toBeGreaterThan(branches.monitor.decay_ratio);
      expect(first.decisions[0]!.reasons.map((reason) => reason.split(":")[0])).toEqual(["decay"]);
      expect(first.dispatched).toEqual([`red/${SYMBOL}`]);
      expect(first.issues).toEqual([{ branch: `red/${SYMBOL}`, number: 1, action: "created" }]);

      const second = await run("2026-11-25T22:00:00Z");
      expect(second.issues).toEqual([{ branch: `red/${SYMBOL}`, number: 1, action: "updated" }]);
      expect(second.decisions[0]!.dispatchSkipped).toMatch(/already dispatched at 2026-11-24T22:00:00Z/);

      const repo = standIn.state.repos.get("acme/stockops")!;
      expect(repo.dispatches).toEqual([{ workflow: "pipeline.yml", ref: "main", inputs: { branch: `red/${SYMBOL}` } }]);
      expect([...repo.issues.values()]).toHaveLength(1);
      const issue = repo.issues.get(1)!;
      expect(issue.state).toBe("open");
      expect(issue.body).toContain("Measured 2026-11-25T22:00:00Z");
      expect(issue.body).toContain("Retraining not dispatched again");
      expect(issue.body).toContain("Absolute percentage error of live predictions");

      const log = parseMonitorLog(await gitCli(world.remote.bareDir, ["show", `trading:monitoring/red/${SYMBOL}.jsonl`]), "log");
      expect(log.map((record) => [record.run_at, record.dispatched, record.issue])).toEqual([
        ["2026-11-23T22:00:00Z", false, null],
        ["2026-11-24T22:00:00Z", true, 1],
        ["2026-11-25T22:00:00Z", false, 1],
      ]);
      // The ledger itself is left as the trading run wrote it: the monitor only appends its own files.
      expect(await gitCli(world.remote.bareDir, ["show", "trading:ledger/red.jsonl"])).toBe(worsened(honestLedger).trimEnd());
      console.log(`decay: honest ratio ${honestDecay.ratio!.toFixed(3)} (live MAPE ${honestDecay.realized_mape!.toFixed(4)} % vs naive ${honestDecay.naive_mape!.toFixed(4)} %, test ${honestDecay.test_mape.toFixed(4)} % vs ${honestDecay.test_naive_mape.toFixed(4)} %); worsened ratio ${decay.ratio!.toFixed(3)}`);
    } finally {
      await standIn.close();
    }
  }, 120_000);
});
