import type { MonitorConfig } from "../config/branches-config.js";
import { markdownTable } from "../report/markdown-table.js";
import { xyChart } from "../report/mermaid.js";
import type { BranchMeasurement } from "./plan-monitor.js";

export interface MonitorIssueInput {
  measurement: BranchMeasurement;
  reasons: string[];
  thresholds: MonitorConfig;
  runAt: string;
  dispatched: boolean;
  dispatchSkipped: string | undefined;
  runLink: string | undefined;
}

/** The issue body: what is over which threshold, the numbers per feature, and charts. */
export function renderMonitorIssue({ measurement, reasons, thresholds, runAt, dispatched, dispatchSkipped, runLink }: MonitorIssueInput): string {
  const { branch, champion, drift, decay, staleness } = measurement;
  const parts = [
    `## Monitor: \`${branch}\``,
    `Measured ${runAt} on prices through ${measurement.asOf}${champion ? `; champion v${champion.version} (${champion.kind}, tag \`${champion.tag}\`)` : ""}${runLink ? ` — ${runLink}` : ""}.`,
    reasons.map((reason) => `- **${reason.split(":")[0]}**:${reason.slice(reason.indexOf(":") + 1)}`).join("\n"),
    dispatched
      ? `Retraining dispatched: \`pipeline.yml\` with branch \`${branch}\`.`
      : dispatchSkipped
        ? `Retraining not dispatched again: ${dispatchSkipped}.`
        : "Retraining not dispatched.",
  ];
  if (drift) {
    parts.push(
      `### Data drift (last ${drift.window.rows} rows, ${drift.window.first} → ${drift.window.last}, vs ${drift.referenceRows} train rows)`,
      `A feature drifts when PSI ≥ ${thresholds.psi_threshold} and KS ≥ max(${thresholds.ks_threshold}, its critical value at α = ${thresholds.ks_alpha}).`,
      markdownTable(
        ["feature", "PSI", "KS", "KS critical", "drifted"],
        drift.features.map((f) => [f.feature, f.psi.toFixed(3), f.ks.toFixed(3), f.ks_critical.toFixed(3), f.drifted ? "**yes**" : "no"]),
      ),
      xyChart({
        title: "PSI per feature",
        xLabels: drift.features.map((f) => f.feature),
        yLabel: "PSI",
        series: [
          { name: "PSI", kind: "bar", values: drift.features.map((f) => Math.min(f.psi, 10)) },
          { name: `threshold ${thresholds.psi_threshold}`, kind: "line", values: drift.features.map(() => thresholds.psi_threshold) },
        ],
      }),
    );
  }
  if (decay) {
    parts.push(
      `### Live error (${decay.model_version})`,
      decay.ratio === null
        ? `${decay.predictions.length} scored live predictions; at least ${thresholds.decay_min_predictions} are needed to judge decay.`
        : markdownTable(
            ["", "model MAPE", "naive MAPE", "model / naive"],
            [
              [`live, last ${decay.predictions.length} predictions`, `${decay.realized_mape!.toFixed(3)} %`, `${decay.naive_mape!.toFixed(3)} %`, (decay.realized_mape! / decay.naive_mape!).toFixed(3)],
              ["test span", `${decay.test_mape.toFixed(3)} %`, `${decay.test_naive_mape.toFixed(3)} %`, (decay.test_mape / decay.test_naive_mape).toFixed(3)],
            ],
          ) + `\n\nDecay ratio ${decay.ratio.toFixed(2)} (limit ${thresholds.decay_ratio}).`,
    );
    if (decay.predictions.length > 0) {
      parts.push(
        xyChart({
          title: "Absolute percentage error of live predictions",
          xLabels: decay.predictions.map((p) => p.date),
          yLabel: "% of the next close",
          series: [
            { name: "live error", kind: "bar", values: decay.predictions.map((p) => p.ape) },
            { name: "naive error", kind: "line", values: decay.predictions.map((p) => p.naive_ape) },
          ],
        }),
      );
    }
  }
  if (staleness) {
    const pinned = staleness.pinned_end ? ` The branch pins \`[data] end = ${staleness.pinned_end}\`, so this does not ask for retraining.` : "";
    parts.push(`### Staleness`, `${staleness.new_days} trading days of prices after the champion's data ended (${staleness.data_last_date}); limit ${staleness.limit}.${pinned}`);
  }
  parts.push("_This issue is updated by every monitor run while the branch is over a threshold (monitoring/ on the `trading` branch keeps the history)._");
  return `${parts.join("\n\n")}\n`;
}
