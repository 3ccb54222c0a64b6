import { defineAction } from "../../shared/action-spec.js";

export const spec = defineAction({
  name: "stockops train",
  description: "Train the model stockops.toml configures (computing features first when they are out of date).",
  inputs: {
    dir: { description: "Model branch folder holding stockops.toml, relative to the workspace.", default: "." },
    force: { description: "Run the stages even if their inputs are unchanged since stockops.lock (true/false).", default: "false" },
  },
  outputs: {
    symbol: "Ticker the branch models.",
    team: "Team owning the branch.",
    status: "'ran' or 'skipped' (inputs unchanged since stockops.lock).",
    "model-kind": "The model trained (ridge, mlp, lstm, …).",
    "model-dir": "Folder the model files were written to, relative to dir.",
  },
});
