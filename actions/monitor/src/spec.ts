import { defineAction } from "../../shared/action-spec.js";

export const spec = defineAction({
  name: "stockops monitor",
  description:
    "Measure every champion's feature drift (PSI, KS), live-error decay against naive and data staleness; over a threshold, dispatch the branch's retraining and open or update one issue per branch; append the measurements to monitoring/ on the trading branch.",
  inputs: {
    dir: { description: "Checkout of main holding branches.json (with its monitor thresholds), relative to the workspace.", default: "." },
    branches: { description: "Only these team/SYMBOL branches, separated by spaces or commas (empty: every branch in branches.json).", default: "" },
    "prices-dir": { description: "Read current prices from <dir>/<SYMBOL>.csv instead of each branch's [data] (empty: the branches' own data).", default: "" },
    workflow: { description: "Workflow file dispatched to retrain a branch that crossed a threshold.", default: "pipeline.yml" },
    "dry-run": { description: "Measure and report only: no dispatch, no issue, no log commit (true/false).", default: "false" },
    token: { description: "Token to read branches, dispatch workflows, open issues and push the monitoring log.", default: "${{ github.token }}" },
  },
  outputs: {
    checked: "Number of branches measured.",
    flagged: "Comma-separated branches over a threshold.",
    dispatched: "Comma-separated branches whose retraining was dispatched.",
    "log-commit": "The commit that appended the monitoring log to the trading branch (empty when none).",
  },
});
