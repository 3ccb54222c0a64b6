import { UsageError } from "../../errors.js";
import type { Command } from "../command.js";

const command: Command = {
  name: "compare",
  summary: "Side-by-side params and metrics of published runs (like dvc params diff / metrics diff)",
  usage: "RUN RUN... [--all] [--format table|md|json] [--repo DIR]",
  allowPositionals: true,
  options: {
    all: { type: "boolean", description: "Show unchanged params and metrics too" },
    format: { type: "string", description: "table, md or json", default: "table", valueName: "FORMAT" },
    repo: { type: "string", description: "Clone or bare repository to read, or a remote URL (SSH, https, file://)", default: ".", valueName: "DIR|URL" },
  },
  details: `RUN is <team>/<SYMBOL>/v<N>, or <team>/<SYMBOL>@latest. The change column is last minus first.

Example: stockops compare red/AAPL/v3 red/AAPL/v4 blue/AAPL@latest --format md`,
  async run(args, context) {
    if (args.positionals.length === 0) throw new UsageError("expected at least one RUN such as red/AAPL/v3");
    const format = String(args.values.format ?? "table");
    if (!["table", "md", "json"].includes(format)) throw new UsageError(`--format must be table, md or json, got '${format}'`, { field: "format" });
    const { listRuns } = await import("../../tracking/list-runs.js");
    const { resolveRunSource } = await import("../../tracking/run-source.js");
    const { compareRuns, pickRuns } = await import("../../tracking/compare-runs.js");
    const { renderComparison } = await import("../../tracking/render-runs.js");
    const source = await resolveRunSource(context.cwd, String(args.values.repo ?? "."), context.env);
    const all = await listRuns(source);
    if (all.length === 0) {
      const { nothingFoundHint } = await import("../../tracking/run-source.js");
      throw new UsageError(`no published runs at all, so not ${args.positionals.join(", ")}: ${await nothingFoundHint(context.cwd, source, "tags models/<team>/<SYMBOL>/v<N> and <team>/<SYMBOL> branches")}`);
    }
    const runs = pickRuns(all, args.positionals);
    context.out(renderComparison(compareRuns(runs, { all: Boolean(args.values.all) }), format as "table" | "md" | "json"));
    return 0;
  },
};

export default command;
