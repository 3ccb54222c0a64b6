import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "../command.js";

const command: Command = {
  name: "monitor",
  summary: "Measure drift, live-error decay and staleness of every branch's champion; dispatch retraining and open one issue per branch over a threshold",
  usage: "[--dir DIR] [--branch TEAM/SYMBOL]... [--prices-dir DIR] [--prediction-log DIR] [--workflow FILE] [--dry-run] [--summary FILE] [--json]",
  options: {
    dir: { type: "string", description: "Checkout of main: branches.json with its monitor thresholds", default: ".", valueName: "DIR" },
    branch: { type: "string", multiple: true, description: "Only this branch (repeatable); all of branches.json otherwise", valueName: "TEAM/SYMBOL" },
    "prices-dir": { type: "string", description: "Read current prices from DIR/<SYMBOL>.csv instead of each branch's [data]", valueName: "DIR" },
    "prediction-log": { type: "string", description: "Score the predictions served by 'stockops serve --log DIR' instead of the trading ledger", valueName: "DIR" },
    workflow: { type: "string", description: "Workflow dispatched to retrain a branch", default: "pipeline.yml", valueName: "FILE" },
    "dry-run": { type: "boolean", description: "Measure and print only: no dispatch, no issue, no log commit" },
    summary: { type: "string", description: "Also append the table to this file (default: $GITHUB_STEP_SUMMARY when set)", valueName: "FILE" },
    json: { type: "boolean", description: "Print the full measurements as JSON" },
  },
  details: `Each branch's champion (champion.json, its files read at the champion's tag) is compared with the
current prices: PSI and KS of every feature over the last [monitor] window days vs the train histograms in
features.json; the live error of its ledger predictions vs its test error, both relative to naive; the
trading days of prices after its data ended. Thresholds: "monitor" in branches.json.
Over a threshold: pipeline.yml is dispatched on the branch (once per champion and price date) and the issue
titled "[stockops:monitor TEAM/SYMBOL]" is opened or updated. Every run appends a line per branch to
monitoring/<TEAM>/<SYMBOL>.jsonl on the trading branch.
Environment: GITHUB_TOKEN (dispatch, issues, and HTTPS git), GITHUB_REPOSITORY, GITHUB_API_URL.

Example: stockops monitor --dry-run --branch red/AAPL`,
  async run(args, context) {
    const text = (name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);
    const only = Array.isArray(args.values.branch) ? args.values.branch.map(String) : undefined;
    const [{ runMonitorForCheckout }, { renderMonitorSummary }] = await Promise.all([
      import("../../monitor/run-monitor-for-checkout.js"),
      import("../../monitor/render-monitor-summary.js"),
    ]);
    const summary = await runMonitorForCheckout({
      dir: resolve(context.cwd, text("dir") ?? "."),
      env: context.env,
      ...(text("prices-dir") ? { pricesDir: resolve(context.cwd, text("prices-dir")!) } : {}),
      ...(only ? { only } : {}),
      ...(text("prediction-log") ? { predictionLogDir: resolve(context.cwd, text("prediction-log")!) } : {}),
      dryRun: Boolean(args.values["dry-run"]),
      workflow: text("workflow") ?? "pipeline.yml",
      logger: context.logger,
    });
    const table = renderMonitorSummary(summary);
    const summaryPath = text("summary") ?? context.env.GITHUB_STEP_SUMMARY;
    if (summaryPath) await appendFile(resolve(context.cwd, summaryPath), `${table}\n`);
    context.out(args.values.json ? JSON.stringify(summary, (key, value) => (key === "predictions" && Array.isArray(value) ? value.length : value), 2) : table);
    // A branch without a champion is a state (stockops doctor reports it), not a failed monitor run.
    return 0;
  },
};

export default command;
