import { UsageError } from "../errors.js";
import type { TrackedRun } from "./tracked-run.js";

export interface ComparisonRow {
  section: "attribute" | "param" | "metric";
  key: string;
  /** One cell per run, in the order asked; `undefined` where the run lacks the key. */
  values: (string | number | undefined)[];
  changed: boolean;
  /** Metrics only: last run minus first run. */
  delta?: number;
}

export interface RunComparison {
  runs: string[];
  rows: ComparisonRow[];
}

/** Runs by name (`red/AAPL/v3`, or `red/AAPL@latest`); a name that matches nothing is a UsageError listing close names. */
export function pickRuns(all: readonly TrackedRun[], names: readonly string[]): TrackedRun[] {
  return names.map((name) => {
    const latest = /^(.+)@latest$/.exec(name);
    const found = latest ? all.filter((run) => run.branch === latest[1]).sort((a, b) => b.version - a.version)[0] : all.find((run) => run.name === name);
    if (!found) {
      const prefix = name.split("/").slice(0, 2).join("/");
      const near = all.filter((run) => run.name.startsWith(prefix)).map((run) => run.name).slice(0, 5);
      // The expected form is only news when the name does not have it.
      const wellFormed = /^[^/@\s]+\/[^/@\s]+(\/v\d+|@latest)$/.test(name);
      const others = near.length ? `; runs there: ${near.join(", ")}` : `; no published run on ${prefix} (${all.length} run${all.length === 1 ? "" : "s"} on other branches)`;
      throw new UsageError(`no published run '${name}'${others}${wellFormed ? "" : ": expected <team>/<SYMBOL>/v<N> or <team>/<SYMBOL>@latest"}`, { field: "RUN" });
    }
    return found;
  });
}

/** Pure: side-by-side params and metrics (like `dvc params diff` / `dvc metrics diff`), changed rows flagged. */
export function compareRuns(runs: readonly TrackedRun[], options: { all?: boolean } = {}): RunComparison {
  const rows: ComparisonRow[] = [];
  const attributes: Array<[string, (run: TrackedRun) => string | undefined]> = [
    ["date", (run) => run.date],
    ["commit", (run) => run.commit?.slice(0, 12)],
    ["data_version", (run) => run.dataVersion?.slice(0, 12)],
    ["kind", (run) => run.kind],
    ["promoted", (run) => String(run.promoted)],
  ];
  for (const [key, read] of attributes) rows.push(row("attribute", key, runs.map(read)));
  for (const key of unionKeys(runs.map((run) => run.params))) rows.push(row("param", key, runs.map((run) => run.params[key])));
  for (const key of unionKeys(runs.map((run) => run.metrics))) {
    const values = runs.map((run) => run.metrics[key]);
    const first = values[0];
    const last = values.at(-1);
    rows.push({ ...row("metric", key, values), ...(first !== undefined && last !== undefined ? { delta: last - first } : {}) });
  }
  return { runs: runs.map((run) => run.name), rows: options.all ? rows : rows.filter((entry) => entry.changed || entry.section === "attribute") };
}

function row(section: ComparisonRow["section"], key: string, values: (string | number | undefined)[]): ComparisonRow {
  return { section, key, values, changed: new Set(values.map((value) => (value === undefined ? "\u0000" : String(value)))).size > 1 };
}

function unionKeys(records: readonly Record<string, unknown>[]): string[] {
  return [...new Set(records.flatMap((record) => Object.keys(record)))].sort();
}
