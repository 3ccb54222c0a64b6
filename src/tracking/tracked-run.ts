import type { SearchableRun } from "./filter/mlflow-filter.js";

/** One published version of one team × symbol: MLflow's "run", recorded by git instead of a server. */
export interface TrackedRun {
  /** `<team>/<SYMBOL>/v<N>`. */
  name: string;
  team: string;
  symbol: string;
  version: number;
  /** `<team>/<SYMBOL>`: the branch the version was published on. */
  branch: string;
  /** The version tag; `null` when the version is known only from versions.jsonl (tag not fetched). */
  tag: string | null;
  /** Commit holding the version's files; `null` without the tag. */
  commit: string | null;
  /** Publish time, ISO 8601 UTC. */
  date: string;
  dataVersion: string | null;
  configCommit: string | null;
  kind: string;
  promoted: boolean;
  gateReason: string;
  /** stockops.toml at the version's commit, flattened (`model.kind`, `train.epochs`), every value a string as in MLflow. */
  params: Record<string, string>;
  /** metrics.json's numbers flattened (`test.mae`, `backtest.sharpe`) plus versions.jsonl's (`test_mae`, `skill_vs_naive`). */
  metrics: Record<string, number>;
}

/** The run as MLflow's filter sees it: run data plus run info mapped onto git. */
export function searchableRun(run: TrackedRun): SearchableRun {
  return {
    metrics: run.metrics,
    params: run.params,
    tags: runTags(run),
    attributes: {
      run_id: run.commit,
      commit: run.commit,
      run_name: run.name,
      status: "FINISHED",
      artifact_uri: run.tag,
      experiment_id: run.branch,
      branch: run.branch,
      user_id: run.team,
      date: run.date,
      data_version: run.dataVersion,
      start_time: Date.parse(run.date),
      end_time: Date.parse(run.date),
    },
  };
}

export function runTags(run: TrackedRun): Record<string, string> {
  return {
    team: run.team,
    symbol: run.symbol,
    branch: run.branch,
    kind: run.kind,
    promoted: String(run.promoted),
    gate: run.gateReason,
    ...(run.dataVersion ? { data_version: run.dataVersion } : {}),
    ...(run.configCommit ? { config_commit: run.configCommit } : {}),
    "mlflow.runName": run.name,
  };
}

/** Nested plain data → `a.b.c` keys; arrays and dates become JSON / ISO text so every param is a string. */
export function flattenParams(value: unknown, prefix = "", into: Record<string, string> = {}): Record<string, string> {
  if (value instanceof Date) into[prefix] = value.toISOString().slice(0, 10);
  else if (Array.isArray(value)) into[prefix] = JSON.stringify(value);
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) flattenParams(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) into[prefix] = String(value);
  return into;
}

/** Every finite number in nested data under a dotted key; the layout version is not a metric. */
export function flattenMetrics(value: unknown, prefix = "", into: Record<string, number> = {}): Record<string, number> {
  if (typeof value === "number" && Number.isFinite(value) && prefix !== "schema") into[prefix] = value;
  else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flattenMetrics(inner, prefix ? `${prefix}.${key}` : key, into);
  }
  return into;
}

/** `*` within one path segment, `**` across segments; everything else literal. */
export function branchGlob(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}
