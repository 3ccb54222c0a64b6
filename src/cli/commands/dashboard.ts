import { resolve } from "node:path";
import type { Command } from "../command.js";

const command: Command = {
  name: "dashboard",
  summary: "Write the static tracking dashboard (runs with filter box, metric history, champion timeline, leaderboard)",
  usage: "[--out DIR] [--repo DIR]",
  options: {
    out: { type: "string", description: "Folder to write index.html, data.json and chart.umd.min.js into", default: "site", valueName: "DIR" },
    repo: { type: "string", description: "Clone or bare repository to read (tags and branches; nothing is checked out)", default: ".", valueName: "DIR" },
  },
  details: `The page is plain HTML with chart.js beside it and the data inlined: open index.html from disk or
publish the folder (the dashboard workflow deploys it to GitHub Pages). The filter box takes the same
MLflow syntax as 'stockops runs --filter', evaluated by the same code.

Example: stockops dashboard --out site && xdg-open site/index.html`,
  async run(args, context) {
    const { resolveRunSource } = await import("../../tracking/run-source.js");
    const { writeDashboard } = await import("../../dashboard/write-dashboard.js");
    const out = resolve(context.cwd, String(args.values.out ?? "site"));
    const { data } = await writeDashboard(await resolveRunSource(context.cwd, String(args.values.repo ?? ".")), out, new Date());
    context.out(`dashboard: ${data.runs.length} runs, ${data.champions.length} branches${data.leaderboard ? ", leaderboard" : ""} → ${resolve(out, "index.html")}`);
    return 0;
  },
};

export default command;
