import { UsageError } from "../errors.js";
import { parseFilter, runMatches } from "./filter/mlflow-filter.js";
import { listRuns, type RunSource } from "./list-runs.js";
import { parseOrderBy, sortRuns } from "./sort-runs.js";
import { searchableRun, type TrackedRun } from "./tracked-run.js";

export interface SearchRunsOptions {
  filter?: string;
  sort?: string;
  branch?: string;
}

/** `mlflow.search_runs` over git: list, filter, sort. A bad filter or sort key is a UsageError saying where. */
export async function searchRuns(source: RunSource, options: SearchRunsOptions = {}): Promise<TrackedRun[]> {
  const clauses = asUsage(() => parseFilter(options.filter ?? ""), "filter");
  const order = options.sort ? asUsage(() => parseOrderBy(options.sort!), "sort") : undefined;
  const runs = (await listRuns({ ...source, ...(options.branch ? { branch: options.branch } : {}) })).filter((run) => runMatches(searchableRun(run), clauses));
  return order ? sortRuns(runs, order) : runs;
}

function asUsage<T>(parse: () => T, field: string): T {
  try {
    return parse();
  } catch (error) {
    if ((error as Error).name === "FilterError") throw new UsageError(`--${field}: ${(error as Error).message}`);
    throw error;
  }
}
