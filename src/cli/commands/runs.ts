import { UsageError } from "../../errors.js";
import type { Command } from "../command.js";

const FORMATS = ["table", "json", "csv", "md"] as const;
export const RUNS_LOOKED_FOR = "tags models/<team>/<SYMBOL>/v<N> and versions.jsonl on <team>/<SYMBOL> branches (local and origin/)";

const command: Command = {
  name: "runs",
  summary: "List every published model version across branches, filtered with MLflow's search syntax",
  usage: "[--filter EXPR] [--sort KEY] [--branch GLOB] [--format table|json|csv|md] [--repo DIR]",
  options: {
    filter: { type: "string", description: "MLflow search_runs filter, e.g. 'metrics.test_mae < 1.5 and params.model.kind = \"mlp\"'", valueName: "EXPR" },
    sort: { type: "string", description: "MLflow order_by, e.g. 'metrics.test_mae' or 'attributes.start_time DESC' (default: newest first)", valueName: "KEY" },
    branch: { type: "string", description: "Only branches matching this glob (red/*, */AAPL)", valueName: "GLOB" },
    format: { type: "string", description: "table, json, csv (one column per param and metric) or md", default: "table", valueName: "FORMAT" },
    repo: { type: "string", description: "Clone or bare repository to read (tags and branches; nothing is checked out), or a remote URL (SSH, https, file://) to fetch them from", default: ".", valueName: "DIR|URL" },
  },
  details: `A run is a published version <team>/<SYMBOL>/v<N>: its tag's commit, date, data version, the
stockops.toml of that commit flattened into params (model.kind, model.epochs, ...) and metrics.json's
numbers (test.mae, backtest.sharpe, ...) plus test_mae, skill_vs_naive. Attributes (MLflow's): run_id
(commit), run_name, status, artifact_uri (tag), user_id (team), start_time / created (ms); stockops
extensions: branch, commit, date, data_version. --sort: one key, then ASC or DESC.
Filters join expressions with AND only; params and tags compare as quoted strings.

Examples:
  stockops runs --filter 'metrics.test_mae < 1.2 and params.model.kind = "ridge"' --sort metrics.test_mae
  stockops runs --branch 'red/*' --format csv > runs.csv`,
  async run(args, context) {
    const format = String(args.values.format ?? "table");
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got '${format}'`, { field: "format" });
    const { searchRuns } = await import("../../tracking/search-runs.js");
    const { resolveRunSource } = await import("../../tracking/run-source.js");
    const { renderRuns } = await import("../../tracking/render-runs.js");
    const source = await resolveRunSource(context.cwd, String(args.values.repo ?? "."), context.env);
    const runs = await searchRuns(source, {
      ...(typeof args.values.filter === "string" ? { filter: args.values.filter } : {}),
      ...(typeof args.values.sort === "string" ? { sort: args.values.sort } : {}),
      ...(typeof args.values.branch === "string" ? { branch: args.values.branch } : {}),
    });
    context.out(renderRuns(runs, format as (typeof FORMATS)[number]));
    if (runs.length === 0) {
      const { listRuns } = await import("../../tracking/list-runs.js");
      const { nothingFoundHint } = await import("../../tracking/run-source.js");
      const total = (await listRuns(source)).length;
      const note = total > 0 ? `none of the ${total} published versions matches` : `no published versions: ${await nothingFoundHint(context.cwd, source, RUNS_LOOKED_FOR)}`;
      // Beside the table, never inside json or csv output a program reads.
      if (format === "table" || format === "md") context.out(note);
      else context.logger.warn(note);
    }
    return 0;
  },
};

export default command;
