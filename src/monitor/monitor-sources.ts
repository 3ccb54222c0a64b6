import { branchName, type BranchRef } from "../config/branches-config.js";
import type { ModelConfig } from "../config/model-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../config/read-model-config.js";
import { DataError, GitError, IntegrityError } from "../errors.js";
import { parseMetrics, type MetricsFile } from "../evaluate/metrics-file.js";
import type { GitRepo } from "../gitops/git-repo.js";
import { pushWithRetry, type RetryPolicy } from "../gitops/push-with-retry.js";
import type { Logger } from "../logger/logger.js";
import { artifactPaths } from "../pipeline/artifact-paths.js";
import { lineageSchema, type Lineage } from "../pipeline/lineage.js";
import { parseChampion, publishedPaths, type Champion } from "../publish/published-records.js";
import { ledgerPath } from "../trading/ledger.js";
import { branchPriceSource, csvDirectoryPriceSource, type PriceSource } from "../trading/price-source.js";
import { parseFeaturesReference, type FeaturesReference } from "./drift.js";
import { MONITOR_LOG_BRANCH, monitorLogPath } from "./monitor-log.js";

/** A branch's champion as published: champion.json from the branch tip, everything else from the champion's tag. */
export interface PublishedChampion {
  champion: Champion;
  /** Commit the champion's tag points at. */
  commit: string;
  config: ModelConfig;
  lineage: Lineage;
  features: FeaturesReference;
  metrics: MetricsFile;
  /** stockops.toml at the branch tip: what a retraining dispatched now would use. */
  branchConfig: ModelConfig;
}

export interface ChampionReader {
  load(ref: BranchRef): Promise<PublishedChampion>;
}

/** The `trading` branch: ledgers to read, monitor logs to read and append to. */
export interface TradingBranchStore {
  readLedger(team: string): Promise<string>;
  readMonitorLog(team: string, symbol: string): Promise<string | undefined>;
  /** Appends each text to its monitor log in one commit; returns the commit, or undefined when there was nothing to write. */
  appendMonitorLogs(appends: { team: string; symbol: string; text: string }[], message: string): Promise<string | undefined>;
}

export interface MonitorSources {
  champions: ChampionReader;
  prices: PriceSource;
  trading: TradingBranchStore;
}

/**
 * Reads model branches and the trading branch of `repo`'s remote (fetched at first use, no checkout).
 * Prices come from each branch's [data] (data files resolved under `dir`, a checkout of main), or from
 * `pricesDir/<SYMBOL>.csv` when given.
 */
export function gitMonitorSources(options: { repo: GitRepo; dir: string; pricesDir?: string; logger: Logger; retry?: Partial<RetryPolicy> }): MonitorSources {
  const { repo } = options;
  const heads = new Map<string, Promise<string>>();
  const headOf = (branch: string) => {
    if (!heads.has(branch)) {
      heads.set(branch, (async () => {
        const head = await repo.fetchBranch(branch);
        if (!head) throw new GitError(`branch ${branch} is not on the remote; create it with 'stockops branches sync' and run its pipeline`, { field: branch });
        return head;
      })());
    }
    return heads.get(branch)!;
  };
  const read = async (branch: string, path: string) => repo.readFile(await headOf(branch), path);
  return {
    champions: { load: (ref) => loadPublishedChampion(repo, ref, headOf) },
    prices: options.pricesDir ? csvDirectoryPriceSource(options.pricesDir) : branchPriceSource(read, options.dir),
    trading: gitTradingStore(repo, options.logger, options.retry),
  };
}

async function loadPublishedChampion(repo: GitRepo, ref: BranchRef, headOf: (branch: string) => Promise<string>): Promise<PublishedChampion> {
  const branch = branchName(ref);
  const paths = artifactPaths(ref.symbol);
  const championFile = `${branch}:${publishedPaths(ref.symbol).champion}`;
  const head = await headOf(branch);
  const champion = parseChampion(decode(await repo.readFile(head, publishedPaths(ref.symbol).champion)), championFile);
  if (!champion) throw new IntegrityError("not found: the branch has no champion yet (publish a model that passes the gate)", { file: championFile });
  const commit = await tagCommit(repo, champion.tag);
  const at = async (path: string) => {
    const text = decode(await repo.readFile(commit, path));
    if (text === undefined) throw new IntegrityError(`not found at the champion's tag ${champion.tag}`, { file: `${branch}:${path}` });
    return text;
  };
  const lineage = lineageSchema.safeParse(JSON.parse(await at(paths.lineage)));
  if (!lineage.success) throw new DataError(`${lineage.error.issues[0]!.message}; expected the lineage.json the pipeline writes`, { file: `${champion.tag}:${paths.lineage}` });
  return {
    champion,
    commit,
    config: parseModelConfig(await at(MODEL_CONFIG_FILE), `${champion.tag}:${MODEL_CONFIG_FILE}`),
    lineage: lineage.data,
    features: parseFeaturesReference(await at(paths.features), `${champion.tag}:${paths.features}`),
    metrics: parseMetrics(await at(paths.metrics), `${champion.tag}:${paths.metrics}`),
    branchConfig: parseModelConfig(decode(await repo.readFile(head, MODEL_CONFIG_FILE)) ?? "", `${branch}:${MODEL_CONFIG_FILE}`),
  };
}

/** The commit a version tag names on the remote (its objects arrive with the branch, whose history holds it), else the local tag. */
export async function tagCommit(repo: GitRepo, tag: string): Promise<string> {
  const refs = await repo.listRemoteRefs(`refs/tags/${tag}`);
  const commit = refs[`refs/tags/${tag}^{}`] ?? refs[`refs/tags/${tag}`] ?? (await repo.resolveRef(`refs/tags/${tag}`));
  if (!commit) throw new GitError(`tag ${tag} is missing on the remote; champion.json names it`, { field: tag });
  return commit;
}

function gitTradingStore(repo: GitRepo, logger: Logger, retry?: Partial<RetryPolicy>): TradingBranchStore {
  let head: Promise<string | undefined> | undefined;
  const current = () => (head ??= repo.fetchBranch(MONITOR_LOG_BRANCH));
  const readAt = async (path: string) => {
    const commit = await current();
    return commit ? decode(await repo.readFile(commit, path)) : undefined;
  };
  return {
    readLedger: async (team) => (await readAt(ledgerPath(team))) ?? "",
    readMonitorLog: (team, symbol) => readAt(monitorLogPath(team, symbol)),
    async appendMonitorLogs(appends, message) {
      if (appends.length === 0) return undefined;
      const outcome = await pushWithRetry({
        repo,
        branch: MONITOR_LOG_BRANCH,
        logger,
        ...(retry ? { policy: retry } : {}),
        prepare: async (remoteHead) => {
          const changes: Record<string, string> = {};
          for (const { team, symbol, text } of appends) {
            const path = monitorLogPath(team, symbol);
            const before = changes[path] ?? (remoteHead ? decode(await repo.readFile(remoteHead, path)) : undefined) ?? "";
            changes[path] = `${before}${before && !before.endsWith("\n") ? "\n" : ""}${text}`;
          }
          const commit = await repo.commitFiles({ parent: remoteHead, changes, message, author: { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" } });
          return { commit, value: undefined };
        },
      });
      head = Promise.resolve(outcome.commit);
      return outcome.commit;
    },
  };
}

function decode(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
