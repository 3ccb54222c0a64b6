import { closestName } from "../cli/closest-name.js";
import { UsageError } from "../errors.js";
import { parseFilter, runMatches, type EntityType, type FilterClause } from "./filter/mlflow-filter.js";
import { listRuns, type RunSource } from "./list-runs.js";
import { parseOrderBy, sortRuns, type OrderBy } from "./sort-runs.js";
import { searchableRun, type TrackedRun } from "./tracked-run.js";

export interface SearchRunsOptions {
  filter?: string;
  sort?: string;
  branch?: string;
}

/**
 * `mlflow.search_runs` over git: list, filter, sort. A bad filter or sort key is a UsageError saying where; a
 * metric, param or tag key that none of the runs has is one too, naming the keys they have (a typo would
 * otherwise match nothing, silently).
 */
export async function searchRuns(source: RunSource, options: SearchRunsOptions = {}): Promise<TrackedRun[]> {
  const clauses = asUsage(() => parseFilter(options.filter ?? ""), "filter", options.filter ?? "");
  const all = await listRuns({ ...source, ...(options.branch ? { branch: options.branch } : {}) });
  const order = options.sort ? asUsage(() => parseOrderBy(options.sort!), "sort", options.sort, all) : undefined;
  if (all.length > 0) {
    for (const clause of clauses) checkKnownKey(all, clause, "filter");
    if (order) checkKnownKey(all, order, "sort");
  }
  const runs = all.filter((run) => runMatches(searchableRun(run), clauses));
  return order ? sortRuns(runs, order) : runs;
}

const PREFIX: Record<EntityType, string> = { metric: "metrics", param: "params", tag: "tags", attribute: "attributes" };

function checkKnownKey(runs: readonly TrackedRun[], { type, key }: Pick<FilterClause | OrderBy, "type" | "key">, flag: "filter" | "sort"): void {
  if (type === "attribute") return;
  const keys = [...new Set(runs.flatMap((run) => Object.keys(searchableRun(run)[PREFIX[type] as "metrics" | "params" | "tags"])))].sort();
  if (keys.includes(key)) return;
  const near = closestName(key, keys);
  throw new UsageError(
    `--${flag}: no run has ${PREFIX[type]}.${key}${near ? ` (closest: ${PREFIX[type]}.${near})` : ""}; the ${runs.length} runs have ${PREFIX[type]} ${keys.join(", ") || "(none)"}`,
  );
}

function asUsage<T>(parse: () => T, flag: "filter" | "sort", text: string, runs: readonly TrackedRun[] = []): T {
  try {
    return parse();
  } catch (error) {
    if ((error as Error).name !== "FilterError") throw error;
    if (flag === "filter") throw new UsageError(`--filter: ${(error as Error).message}`);
    const reason = (error as Error).message.replace(/^invalid filter at character \d+: /, "");
    const bare = text.trim().split(/\s+/)[0]!;
    const meant = (["metrics", "params"] as const).find((kind) => runs.some((run) => bare in searchableRun(run)[kind]));
    throw new UsageError(
      `--sort '${text}': ${reason}${meant ? `; did you mean ${meant}.${bare}?` : ""}`,
      {},
      "sort by metrics.<key>, params.<key>, tags.<key> or an attribute (start_time, run_name, branch, date, …), optionally followed by ASC or DESC, e.g. --sort metrics.test_mae",
    );
  }
}
