import { markdownTable } from "../report/markdown-table.js";
import type { MonitorSummary } from "./run-monitor.js";

/** One row per branch, for the terminal and the job summary (GitHub renders the table). */
export function renderMonitorSummary(summary: MonitorSummary): string {
  const rows = summary.decisions.map((decision) => {
    const m = summary.measurements.find((measurement) => measurement.branch === decision.branch)!;
    const worstPsi = m.drift ? Math.max(...m.drift.features.map((f) => f.psi)) : undefined;
    return [
      decision.branch,
      m.champion ? `v${m.champion.version} ${m.champion.kind}` : "—",
      m.error ? `error: ${m.error}` : m.drift ? `${m.drift.drifted.length} drifted (max PSI ${worstPsi!.toFixed(2)})` : "—",
      m.decay?.ratio != null ? `${m.decay.ratio.toFixed(2)} (${m.decay.predictions.length} pred.)` : m.decay ? `n/a (${m.decay.predictions.length} pred.)` : "—",
      m.staleness ? `${m.staleness.new_days} / ${m.staleness.limit}` : "—",
      decision.record.dispatched ? "dispatched" : decision.dispatchSkipped ? "already dispatched" : decision.dispatch ? "wanted (dry run)" : "—",
      decision.record.issue !== null ? `#${decision.record.issue} ${decision.issueAction ?? ""}`.trim() : "—",
    ];
  });
  const table = markdownTable(["branch", "champion", "drift", "decay ratio", "new days / limit", "retraining", "issue"], rows);
  const reasons = summary.decisions.flatMap((d) => d.reasons.map((reason) => `- ${d.branch}: ${reason}`));
  return [`Monitor run ${summary.runAt}`, table, ...(reasons.length ? [reasons.join("\n")] : ["Nothing over a threshold."]), summary.logCommit ? `Log committed to trading as ${summary.logCommit.slice(0, 12)}.` : ""]
    .filter(Boolean)
    .join("\n\n");
}
