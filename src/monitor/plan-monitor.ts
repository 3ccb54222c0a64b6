import type { MonitorConfig } from "../config/branches-config.js";
import type { DecayMeasurement } from "./decay.js";
import type { DriftMeasurement } from "./drift.js";
import { roundedRecord, type MonitorRecord } from "./monitor-log.js";
import { renderMonitorIssue } from "./render-monitor-issue.js";
import type { StalenessMeasurement } from "./staleness.js";

export interface MonitoredChampion {
  version: number;
  tag: string;
  kind: string;
  test_mae: number;
}

/** What the monitor measured on one branch (or why it could not). */
export interface BranchMeasurement {
  branch: string;
  team: string;
  symbol: string;
  /** Last price date measured. */
  asOf: string;
  champion?: MonitoredChampion;
  error?: string;
  drift?: DriftMeasurement;
  decay?: DecayMeasurement;
  staleness?: StalenessMeasurement;
  /** The branch's last monitor record, to avoid dispatching the same retraining twice. */
  previous?: MonitorRecord;
}

export interface PlannedIssue {
  /** Found again by this text in the title: one issue per branch. */
  marker: string;
  title: string;
  body: string;
  labels: string[];
}

export interface BranchDecision {
  branch: string;
  team: string;
  symbol: string;
  reasons: string[];
  /** `workflow_dispatch` of the pipeline workflow (run from `ref`, retraining `inputs.branch`), or undefined. */
  dispatch: { workflow: string; ref: string; inputs: { branch: string } } | undefined;
  /** Why a wanted dispatch is not repeated. */
  dispatchSkipped?: string;
  issue: PlannedIssue | undefined;
  /** The log line, with `dispatched` and `issue` as planned; apply fills in what happened. */
  record: MonitorRecord;
}

export interface PlanMonitorOptions {
  thresholds: MonitorConfig;
  /** ISO 8601 UTC time of the run. */
  runAt: string;
  /** Workflow file dispatched to retrain, e.g. pipeline.yml; it takes the model branch as input `branch`. */
  workflow: string;
  /** Ref the workflow runs from (its file is read there): the default branch. */
  dispatchRef: string;
  /** Text shown in the issue, e.g. the repository and run that measured. */
  runLink?: string;
}

export const MONITOR_LABEL = "monitor";

export function issueMarker(branch: string): string {
  return `[stockops:monitor ${branch}]`;
}

/** Pure: measurements → what to dispatch, which issue to open or update, and each branch's log line. */
export function planMonitor(measurements: readonly BranchMeasurement[], options: PlanMonitorOptions): BranchDecision[] {
  return measurements.map((measurement) => decide(measurement, options));
}

function decide(measurement: BranchMeasurement, options: PlanMonitorOptions): BranchDecision {
  const { branch, team, symbol } = measurement;
  const reasons = reasonsOf(measurement, options.thresholds);
  const wanted = reasons.length > 0;
  const skipped = wanted ? repeatOf(measurement) : undefined;
  const dispatch = wanted && !skipped ? { workflow: options.workflow, ref: options.dispatchRef, inputs: { branch } } : undefined;
  const issue = wanted
    ? {
        marker: issueMarker(branch),
        title: `Monitor: ${branch} needs retraining (${reasons.map((reason) => reason.split(":")[0]).join(", ")}) ${issueMarker(branch)}`,
        body: renderMonitorIssue({ measurement, reasons, thresholds: options.thresholds, runAt: options.runAt, dispatched: dispatch !== undefined, dispatchSkipped: skipped, runLink: options.runLink }),
        labels: [MONITOR_LABEL],
      }
    : undefined;
  return { branch, team, symbol, reasons, dispatch, ...(skipped ? { dispatchSkipped: skipped } : {}), issue, record: recordOf(measurement, reasons, options.runAt, dispatch !== undefined) };
}

function reasonsOf({ error, drift, decay, staleness }: BranchMeasurement, thresholds: MonitorConfig): string[] {
  if (error) return [];
  const reasons: string[] = [];
  if (drift && drift.drifted.length > 0) {
    const worst = drift.features.filter((f) => f.drifted).sort((a, b) => b.psi - a.psi)[0]!;
    reasons.push(`drift: ${drift.drifted.length} feature${drift.drifted.length === 1 ? "" : "s"} (${drift.drifted.join(", ")}); worst ${worst.feature} PSI ${worst.psi.toFixed(3)} ≥ ${thresholds.psi_threshold}, KS ${worst.ks.toFixed(3)}`);
  }
  if (decay?.decayed) {
    reasons.push(
      `decay: live MAPE ${decay.realized_mape!.toFixed(3)} % vs naive ${decay.naive_mape!.toFixed(3)} % over ${decay.predictions.length} predictions, ` +
        `${decay.ratio!.toFixed(2)} × its test ratio (${decay.test_mape.toFixed(3)} % vs ${decay.test_naive_mape.toFixed(3)} %; limit ${thresholds.decay_ratio} ×)`,
    );
  }
  if (staleness?.stale) reasons.push(`staleness: ${staleness.new_days} trading days of prices after ${staleness.data_last_date} (limit ${staleness.limit})`);
  return reasons;
}

/** The same champion on the same prices was already sent to retraining by the last run: wait for that run. */
function repeatOf({ previous, champion, asOf }: BranchMeasurement): string | undefined {
  if (!previous?.dispatched || !champion || previous.champion?.version !== champion.version || previous.as_of !== asOf) return undefined;
  return `retraining of v${champion.version} on prices through ${asOf} was already dispatched at ${previous.run_at}`;
}

function recordOf(measurement: BranchMeasurement, reasons: string[], runAt: string, dispatched: boolean): MonitorRecord {
  const { champion, drift, decay, staleness } = measurement;
  return roundedRecord({
    as_of: measurement.asOf,
    run_at: runAt,
    branch: measurement.branch,
    champion: champion ? { version: champion.version, tag: champion.tag, kind: champion.kind } : null,
    ...(measurement.error ? { error: measurement.error } : {}),
    drift: drift
      ? {
          window: drift.window,
          psi: Object.fromEntries(drift.features.map((f) => [f.feature, f.psi])),
          ks: Object.fromEntries(drift.features.map((f) => [f.feature, f.ks])),
          drifted: drift.drifted,
        }
      : null,
    decay: decay
      ? {
          predictions: decay.predictions.length,
          realized_mape: decay.realized_mape,
          test_mape: decay.test_mape,
          naive_mape: decay.naive_mape,
          test_naive_mape: decay.test_naive_mape,
          ratio: decay.ratio,
          decayed: decay.decayed,
        }
      : null,
    staleness: staleness ? { data_last_date: staleness.data_last_date, new_days: staleness.new_days, limit: staleness.limit, pinned_end: staleness.pinned_end, stale: staleness.stale } : null,
    reasons,
    dispatched,
    issue: null,
  });
}
