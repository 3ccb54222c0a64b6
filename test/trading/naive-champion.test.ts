import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { evaluateGate } from "../../src/publish/promotion-gate.js";
import { renderChampion } from "../../src/publish/published-records.js";
import { gitBranchReader } from "../../src/trading/branch-files.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { branchChampionSource } from "../../src/trading/champion-source.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { pipelineModelRuntime } from "../../src/trading/model-runtime.js";
import { branchPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { createTempRepo, gitCli } from "../support/temp-repo.js";
import { branchesFor, memoryLedgerStore } from "./fakes.js";

// Embedded AAPL prices (@observablehq/sample-datasets, 2013-05-13 … 2018-05-11): no ../shared needed.
const TOML = 'symbol = "AAPL"\nteam = "red"\nseed = 7\n\n[data]\nsource = "package"\nend = "2017-12-29"\n\n[model]\nkind = "naive"\n';

describe("naive as champion: an honest 'no view'", () => {
  let repo: string;
  beforeAll(async () => {
    const folder = await mkdtemp(join(tmpdir(), "stockops-naive-"));
    await writeFile(join(folder, "stockops.toml"), TOML);
    await runPipeline({ dir: folder, until: "train", logger: silentLogger });
    const verdict = evaluateGate({ kind: "naive", skillVsNaive: 0, testMae: 1, vsNaive: undefined }, { min_skill_vs_naive: 0, allow_worse_than_champion: false, alpha: 0.05 }, undefined);
    expect(verdict.promoted).toBe(true);
    const tag = "models/red/AAPL/v1";
    const era = { version: 1, tag, since: "2018-01-01T00:00:00Z", until: null, reason: verdict.reason };
    await writeFile(join(folder, "models/AAPL/champion.json"), renderChampion({ schema: 1, version: 1, tag, since: era.since, reason: verdict.reason, kind: "naive", test_mae: 1, skill_vs_naive: 0, history: [era] }));
    repo = await createTempRepo({ "branches.json": JSON.stringify(branchesFor({ red: ["AAPL"] })) });
    await gitCli(repo, ["checkout", "--quiet", "--orphan", "red/AAPL"]);
    await gitCli(repo, ["rm", "-rq", "--cached", "."]);
    await rm(join(repo, "branches.json"), { force: true });
    await cp(folder, repo, { recursive: true });
    await gitCli(repo, ["add", "stockops.toml", "models"]);
    await gitCli(repo, ["commit", "--quiet", "-m", "models(red/AAPL): v1 naive"]);
    await gitCli(repo, ["tag", tag]);
    await gitCli(repo, ["checkout", "--quiet", "main"]);
    await rm(folder, { recursive: true, force: true });
  });
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it("trades nothing: every prediction is 0, no order is placed, the book stays flat and all cash", async () => {
    const read = gitBranchReader(openGitRepo({ dir: repo }));
    const ledger = memoryLedgerStore();
    const summary = await runTrading({
      team: "red",
      from: "2018-01-02",
      to: "2018-01-12",
      branches: branchesFor({ red: ["AAPL"] }),
      champions: branchChampionSource(read, pipelineModelRuntime),
      prices: branchPriceSource(read, repo),
      ledger,
      broker: paperBroker(),
      logger: silentLogger,
    });
    const entries = parseLedger(ledger.ledgers.get("red")!, "red.jsonl");
    expect(entries.length).toBe(summary.written.length);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    for (const entry of entries) {
      expect(entry.predictions.map((p) => p.predicted_return)).toEqual([0]);
      expect(entry.orders).toEqual([]);
      expect(entry.fills).toEqual([]);
      expect(entry.positions).toEqual([]);
      expect(entry.equity).toBe(entry.cash);
    }
    expect(entries.at(-1)!.equity).toBe(entries[0]!.equity);
  });
});
