import { attributeAlias, attributeKind, entityType, filterError, invalidAttribute, type EntityType, type SearchableRun } from "./filter/mlflow-filter.js";
import { searchableRun, type TrackedRun } from "./tracked-run.js";

export interface OrderBy {
  type: EntityType;
  key: string;
  ascending: boolean;
}

/** MLflow's VALID_ORDER_BY_ATTRIBUTE_KEYS (RunInfo's orderable attributes and `created` / `Created`). */
const ORDERABLE_ATTRIBUTES = ["run_id", "run_name", "status", "artifact_uri", "user_id", "start_time", "end_time", "created", "Created"];

/**
 * MLflow's order_by for search_runs (mlflow/utils/search_utils.py parse_order_by_for_search_runs):
 * the whole text one identifier, optionally followed by ASC or DESC in any case, nothing else — no
 * leading or trailing spaces, no second key, no `NULLS LAST`, no comparison; backticks or double quotes
 * for odd names (`metrics.\`Mean Square Error\` DESC`); no type means an attribute.
 */
export function parseOrderBy(text: string): OrderBy {
  const fail = (message: string): never => {
    throw filterError(`Invalid order_by clause '${text}' for sorting: ${message}`, 0);
  };
  if (text.trim() === "") fail("expected a sort key such as metrics.test_mae or 'attributes.start_time DESC'");
  if (text !== text.trim()) fail("leading or trailing spaces are not allowed");
  const outsideQuotes = text.replace(/(["'`]).*?\1/g, "");
  if (/[,]/.test(outsideQuotes)) fail("one sort key only (MLflow reads a comma as a list of clauses)");
  if (/[=<>!();]/.test(outsideQuotes)) fail("a sort key is an identifier, optionally followed by ASC or DESC, not an expression");
  const words = shellWords(text.replace(/`/g, '"'));
  if (words === undefined) fail("unterminated quote");
  if (words!.length > 2) fail(`expected one key and then ASC or DESC, found ${words!.length - 1} words after the key`);
  let identifier = text;
  let ascending = true;
  if (words!.length === 2) {
    const direction = words![1]!.toLowerCase();
    if (direction !== "asc" && direction !== "desc") {
      throw filterError(`Invalid ordering key in order_by clause '${text}' for sorting: '${words![1]}' is neither ASC nor DESC (write ASC or DESC)`, text.length - words![1]!.length);
    }
    ascending = direction === "asc";
    identifier = words![0]!;
  }
  try {
    return { ...orderIdentifier(identifier), ascending };
  } catch (error) {
    throw filterError(`sorting by '${text}': ${(error as Error).message.replace(/^invalid filter at character \d+: /, "")}`, 0);
  }
}

/** MLflow's _get_identifier on the sort key: `type.key` split at the first dot, quotes stripped from the key. */
function orderIdentifier(identifier: string): { type: EntityType; key: string } {
  const dot = identifier.indexOf(".");
  const strip = (name: string) => (name.length >= 2 && /^(["'`]).*\1$/.test(name) ? name.slice(1, -1) : name);
  const type = dot < 0 ? "attribute" : entityType(identifier.slice(0, dot), 0);
  const key = strip(dot < 0 ? identifier : identifier.slice(dot + 1));
  if (type !== "attribute") return { type, key };
  if (!ORDERABLE_ATTRIBUTES.includes(key) && !(attributeKind(key) === "string" && ["commit", "branch", "date", "data_version"].includes(key))) throw invalidAttribute(key, 0, " to sort by");
  return { type, key: attributeAlias(key) };
}

/** Python's shlex.split (POSIX): words split at whitespace, quotes grouping and removed; undefined if a quote is unclosed. */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === "\\" && quote === '"' && /["\\$`\n]/.test(text[index + 1] ?? "")) current = (current ?? "") + text[++index];
      else current = (current ?? "") + char;
    } else if (/\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      current = current ?? "";
    } else if (char === "\\" && index + 1 < text.length) {
      current = (current ?? "") + text[++index];
    } else {
      current = (current ?? "") + char;
    }
  }
  if (quote) return undefined;
  if (current !== undefined) words.push(current);
  return words;
}

/**
 * MLflow's sort order for one key: runs without it last either way; a NaN metric after every number
 * and before the runs without one; ties keep the order they came in (newest first here, as MLflow's
 * default of start_time descending).
 */
export function compareSearchable(order: OrderBy): (a: SearchableRun, b: SearchableRun) => number {
  const valueOf = (run: SearchableRun) => {
    const table = order.type === "metric" ? run.metrics : order.type === "param" ? run.params : order.type === "tag" ? run.tags : run.attributes;
    return table[order.key] ?? undefined;
  };
  const rank = (value: string | number | undefined) => (value === undefined ? 2 : typeof value === "number" && Number.isNaN(value) ? 1 : 0);
  return (a, b) => {
    const left = valueOf(a);
    const right = valueOf(b);
    const ranks = rank(left) - rank(right);
    if (ranks !== 0 || rank(left) !== 0) return ranks;
    const sign = order.ascending ? 1 : -1;
    return (left! < right! ? -1 : left! > right! ? 1 : 0) * sign;
  };
}

/** Sorted copy of `runs` by `order` (see compareSearchable). */
export function sortRuns(runs: readonly TrackedRun[], order: OrderBy): TrackedRun[] {
  const compare = compareSearchable(order);
  const keyed = runs.map((run) => ({ run, searchable: searchableRun(run) }));
  return keyed.sort((a, b) => compare(a.searchable, b.searchable)).map((entry) => entry.run);
}
