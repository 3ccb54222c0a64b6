import type { BranchesConfig } from "../config/branches-config.js";
import type { GitRepo } from "../gitops/git-repo.js";
import type { Logger } from "../logger/logger.js";
import { silentLogger } from "../logger/logger.js";
import { paperBroker } from "../trading/brokers/paper-broker.js";
import { branchChampionSource } from "../trading/champion-source.js";
import { ledgerPath, parseLedger, type LedgerStore } from "../trading/ledger.js";
import { pipelineModelRuntime } from "../trading/model-runtime.js";
import { branchPriceSource, csvDirectoryPriceSource } from "../trading/price-source.js";
import { runTrading } from "../trading/run-trading.js";

export interface LedgerReplay {
  team: string;
  entries: number;
  first?: string;
  last?: string;
  identical: boolean;
  /** Date of the first line that differs, when one does. */
  firstDifference?: string;
  error?: string;
}

/**
 * Replays each team's ledger from its first to its last date with the restored champions, on the paper
 * broker, and compares the result byte for byte with the ledger on the trading branch.
 */
export async function replayLedgers(options: {
  repo: GitRepo;
  dir: string;
  branches: BranchesConfig;
  /** branch → the commit its files are read from. */
  commits: ReadonlyMap<string, string>;
  pricesDir?: string;
  logger?: Logger;
}): Promise<LedgerReplay[]> {
  const { repo, branches } = options;
  const logger = options.logger ?? silentLogger;
  const trading = (await repo.resolveRef("refs/remotes/origin/trading")) ?? (await repo.resolveRef("refs/heads/trading"));
  if (!trading) return [];
  // Trading reads a branch's champion.json, then the champion's files at its version tag (fetched with every tag).
  const read = async (name: string, path: string, kind: "branch" | "tag" = "branch") => {
    const commit = kind === "branch" ? options.commits.get(name) : await repo.resolveRef(`refs/tags/${name}`);
    return commit ? repo.readFile(commit, path) : undefined;
  };
  const results: LedgerReplay[] = [];
  for (const team of Object.keys(branches.teams)) {
    const bytes = await repo.readFile(trading, ledgerPath(team));
    if (!bytes) continue;
    const recorded = new TextDecoder().decode(bytes);
    const entries = parseLedger(recorded, `trading:${ledgerPath(team)}`);
    if (entries.length === 0) continue;
    const first = entries[0]!.date;
    const last = entries.at(-1)!.date;
    const store = memoryStore();
    try {
      await runTrading({
        team,
        from: first,
        to: last,
        branches,
        champions: branchChampionSource(read, pipelineModelRuntime),
        prices: options.pricesDir ? csvDirectoryPriceSource(options.pricesDir) : branchPriceSource(read, options.dir),
        ledger: store,
        broker: paperBroker(),
        logger: silentLogger,
      });
    } catch (error) {
      results.push({ team, entries: entries.length, first, last, identical: false, error: (error as Error).message });
      continue;
    }
    const replayed = store.text;
    const identical = replayed === recorded;
    const recordedLines = recorded.split("\n");
    const differing = identical ? -1 : replayed.split("\n").findIndex((line, index) => line !== recordedLines[index]);
    const firstDifference = differing >= 0 ? (entries[differing]?.date ?? `line ${differing + 1}`) : undefined;
    logger.info(`ledger ${team}: ${entries.length} entries ${first} → ${last} replayed ${identical ? "identically" : `with a difference from ${firstDifference}`}`);
    results.push({ team, entries: entries.length, first, last, identical, ...(firstDifference ? { firstDifference } : {}) });
  }
  return results;
}

function memoryStore(): LedgerStore & { text: string } {
  const store = {
    text: "",
    read: async () => store.text,
    write: async (_team: string, ledgerText: string) => {
      store.text = ledgerText;
    },
  };
  return store;
}
