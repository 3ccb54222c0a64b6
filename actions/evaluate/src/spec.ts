import { defineAction } from "../../shared/action-spec.js";

export const spec = defineAction({
  name: "stockops evaluate",
  description: "Evaluate the trained model on validation and test against the naive and ridge baselines, backtest it, and write the branch report.",
  inputs: {
    dir: { description: "Model branch folder holding stockops.toml, relative to the workspace.", default: "." },
    force: { description: "Run the stages even if their inputs are unchanged since stockops.lock (true/false).", default: "false" },
  },
  outputs: {
    symbol: "Ticker the branch models.",
    team: "Team owning the branch.",
    status: "'ran' or 'skipped' for the evaluate stage (inputs unchanged since stockops.lock).",
    "metrics-path": "metrics.json written by the stage, relative to dir.",
    "report-path": "The branch report (Markdown), relative to dir.",
    "skill-vs-naive": "1 − MAE/MAE_naive on the test span; below 0 means worse than predicting no change.",
    "test-rmse": "RMSE of the predicted price on the test span.",
    "hit-rate": "Share of test days whose predicted direction was right.",
    "backtest-return": "Total return of the long/flat backtest on the test span (fraction).",
    "buy-and-hold-return": "Buy-and-hold return over the same days (fraction).",
  },
});
