import { branchName, type BranchesConfig, type BranchRef } from "../config/branches-config.js";
import type { Logger } from "../logger/logger.js";
import { parseLedger, ledgerPath, type LedgerEntry } from "../trading/ledger.js";
import { applyMonitor, type AppliedDecision, type MonitorGitHub } from "./apply-monitor.js";
import { measureDecay, scoreLivePredictions, type LivePredictions } from "./decay.js";
import { measureDrift } from "./drift.js";
import { monitorLogPath, parseMonitorLog } from "./monitor-log.js";
import type { MonitorSources } from "./monitor-sources.js";
import { planMonitor, type BranchMeasurement } from "./plan-monitor.js";
import { measureStaleness } from "./staleness.js";

export interface RunMonitorOptions {
  branches: BranchesConfig;
  sources: MonitorSources;
  /** Where to dispatch and open issues; leave out for a dry run that only measures and logs. */
  github?: MonitorGitHub;
  /** Workflow dispatched to retrain a branch (default pipeline.yml, given the branch as input `branch`). */
  workflow?: string;
  /** Ref the workflow is dispatched on (default main). */
  dispatchRef?: string;
  /** Only these branches (`team/SYMBOL`); all of branches.json otherwise. */
  only?: string[];
  /** Live predictions to score instead of the team's trading ledger (the serve prediction log). */
  livePredictions?: (branch: string) => Promise<readonly LivePredictions[]>;
  /** Append monitoring/<team>/<SYMBOL>.jsonl on the trading branch (default true). */
  writeLog?: boolean;
  clock?: { now(): Date };
  runLink?: string;
  logger: Logger;
}

export interface MonitorSummary {
  runAt: string;
  measurements: BranchMeasurement[];
  decisions: AppliedDecision[];
  dispatched: string[];
  issues: { branch: string; number: number; action: "created" | "updated" }[];
  logCommit: string | undefined;
}

/** The one entry point the CLI and the monitor action call: measure every branch, plan, apply. */
export async function runMonitor(options: RunMonitorOptions): Promise<MonitorSummary> {
  const runAt = (options.clock?.now() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const refs = options.branches.branches.filter((ref) => !options.only || options.only.includes(branchName(ref)));
  const ledgers = new Map<string, Promise<LedgerEntry[]>>();
  const ledgerOf = (team: string) => {
    if (!ledgers.has(team)) ledgers.set(team, options.sources.trading.readLedger(team).then((text) => parseLedger(text, `trading:${ledgerPath(team)}`)));
    return ledgers.get(team)!;
  };
  const measurements: BranchMeasurement[] = [];
  for (const ref of refs) {
    const measurement = await measureBranch(ref, options, ledgerOf);
    options.logger.progress(`${measurement.branch}: ${measurement.error ?? `${measurement.drift?.drifted.length ?? 0} drifted, decay ${measurement.decay?.ratio?.toFixed(2) ?? "n/a"}, ${measurement.staleness?.new_days ?? 0} new days`}`);
    measurements.push(measurement);
  }
  const decisions = planMonitor(measurements, { thresholds: options.branches.monitor, runAt, workflow: options.workflow ?? "pipeline.yml", dispatchRef: options.dispatchRef ?? "main", ...(options.runLink ? { runLink: options.runLink } : {}) });
  const { applied, logCommit } = await applyMonitor(decisions, { github: options.github, trading: options.sources.trading, logger: options.logger, writeLog: options.writeLog ?? true, runAt });
  return {
    runAt,
    measurements,
    decisions: applied,
    dispatched: applied.filter((d) => d.record.dispatched).map((d) => d.branch),
    issues: applied.flatMap((d) => (d.record.issue !== null && d.issueAction ? [{ branch: d.branch, number: d.record.issue, action: d.issueAction }] : [])),
    logCommit,
  };
}

async function measureBranch(ref: BranchRef, options: RunMonitorOptions, ledgerOf: (team: string) => Promise<LedgerEntry[]>): Promise<BranchMeasurement> {
  const branch = branchName(ref);
  const base = { branch, team: ref.team, symbol: ref.symbol };
  const thresholds = options.branches.monitor;
  const previous = parseMonitorLog(await options.sources.trading.readMonitorLog(ref.team, ref.symbol), `trading:${monitorLogPath(ref.team, ref.symbol)}`).at(-1);
  try {
    const published = await options.sources.champions.load(ref);
    const bars = await options.sources.prices.bars(ref);
    const { champion } = published;
    const version = `v${champion.version}`;
    return {
      ...base,
      asOf: bars.at(-1)!.date,
      champion: { version: champion.version, tag: champion.tag, kind: champion.kind, test_mae: champion.test_mae },
      drift: measureDrift(bars, published.config.features, published.features, thresholds, `${champion.tag}:models/${ref.symbol}/features.json`),
      decay: measureDecay(scoreLivePredictions(options.livePredictions ? await options.livePredictions(branch) : await ledgerOf(ref.team), branch, version, bars), version, { mape: published.metrics.test.mape, naive_mape: published.metrics.baselines.naive.mape }, thresholds),
      staleness: measureStaleness(bars, published.lineage.data.last_date, thresholds.staleness_limit, published.branchConfig.data.end),
      ...(previous ? { previous } : {}),
    };
  } catch (error) {
    options.logger.warn(`${branch}: not measured: ${(error as Error).message}`);
    return { ...base, asOf: previous?.as_of ?? "", error: (error as Error).message, ...(previous ? { previous } : {}) };
  }
}
