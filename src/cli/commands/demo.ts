import type { Command } from "../command.js";

const command: Command = {
  name: "demo",
  summary: "Play the whole GitOps loop on this machine: origin, bootstrap, pipelines, a PR report, trading, leaderboard",
  usage: "[--dir DIR] [--months N]",
  options: {
    dir: { type: "string", description: "Sandbox folder (started clean on every run)", default: ".stockops/demo", valueName: "DIR" },
    months: { type: "string", description: "Months of trading to replay at the end of the embedded data", default: "3", valueName: "N" },
  },
  details: `What \`npm start\` runs. In a fresh sandbox folder it creates a bare origin from this repository's committed
main, serves it with git http-backend on 127.0.0.1 next to a GitHub API stand-in, and then plays, through
\`stockops act\` and this repository's own workflow files: the bootstrap of the team × symbol branches of
branches.json, a push to each branch (pipeline.yml), a pull request from exp/red/AAPL/mlp that changes the
model kind (pr-report.yml), and the scheduled trading over the last months of the embedded prices
(trade.yml). It ends with a summary of branches, model versions, the PR comment and the leaderboard.
A second run removes the previous sandbox and starts clean (it says so).

Run in a checkout, it then fetches the demo origin's branches and tags into it and merges the pull request
into the local red/AAPL without pushing, so the README's next commands (stockops act push --branch red/AAPL,
runs, compare, champion history, trade) find what the demo made in the same folder.
--months is checked against the embedded prices before anything is removed or written.`,
  async run(args, context) {
    const { runDemo } = await import("../../demo/run-demo.js");
    return runDemo({ dir: String(args.values.dir ?? ".stockops/demo"), months: String(args.values.months ?? "3") }, context);
  },
};

export default command;
