import { attributeKind, entityType, filterError, type EntityType } from "./filter/mlflow-filter.js";
import { searchableRun, type TrackedRun } from "./tracked-run.js";

export interface OrderBy {
  type: EntityType;
  key: string;
  ascending: boolean;
}

/** MLflow's order_by: `metrics.test_mae`, `params.\`model.kind\` DESC`, `start_time ASC`; no type = attribute. */
export function parseOrderBy(text: string): OrderBy {
  const match = /^\s*(.+?)(?:\s+(asc|desc))?\s*$/i.exec(text);
  if (!match || !match[1]) throw filterError("expected a sort key such as metrics.test_mae or 'attributes.start_time DESC'", 0);
  const identifier = match[1];
  const dot = identifier.indexOf(".");
  const unquote = (name: string) => (/^([`"']).*\1$/.test(name) ? name.slice(1, -1) : name);
  const type = dot < 0 ? "attribute" : entityType(unquote(identifier.slice(0, dot)), 0);
  const key = unquote(dot < 0 ? identifier : identifier.slice(dot + 1));
  const resolved = type === "attribute" && key === "created" ? "start_time" : key;
  if (type === "attribute" && attributeKind(resolved) === undefined) throw filterError(`invalid attribute '${key}' to sort by`, 0);
  return { type, key: resolved, ascending: (match[2] ?? "asc").toLowerCase() === "asc" };
}

/** Sorted copy; runs without the key go last either way, as in MLflow. Ties keep the newest-first order. */
export function sortRuns(runs: readonly TrackedRun[], order: OrderBy): TrackedRun[] {
  const valueOf = (run: TrackedRun) => {
    const searchable = searchableRun(run);
    const table = order.type === "metric" ? searchable.metrics : order.type === "param" ? searchable.params : order.type === "tag" ? searchable.tags : searchable.attributes;
    return table[order.key] ?? undefined;
  };
  return [...runs].sort((a, b) => {
    const left = valueOf(a);
    const right = valueOf(b);
    if (left === undefined || right === undefined) return left === right ? 0 : left === undefined ? 1 : -1;
    const sign = order.ascending ? 1 : -1;
    return (left < right ? -1 : left > right ? 1 : 0) * sign;
  });
}
