import { defineAction } from "../../shared/action-spec.js";

export const spec = defineAction({
  name: "stockops features",
  description: "Compute past-only features, the chronological split and the train-only scaler for one model branch.",
  inputs: {
    dir: { description: "Model branch folder holding stockops.toml, relative to the workspace.", default: "." },
    force: { description: "Run the stage even if its inputs are unchanged since stockops.lock (true/false).", default: "false" },
  },
  outputs: {
    symbol: "Ticker the branch models.",
    team: "Team owning the branch.",
    status: "'ran' or 'skipped' (inputs unchanged since stockops.lock).",
    "features-path": "features.json written by the stage, relative to dir.",
  },
});
