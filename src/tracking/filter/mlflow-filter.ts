/*
 * MLflow's `search_runs` filter grammar, as documented in MLflow's "Search Runs" page and implemented by
 * `SearchUtils` in mlflow/utils/search_utils.py (parse_search_filter, _get_identifier, _get_value,
 * _does_run_match_clause, _convert_like_pattern_to_regex). What we follow from there:
 * - expressions joined by AND only; OR, parentheses and anything else is an invalid clause;
 * - identifier = entity type `.` key, split at the first dot (so `params.model.kind` has key `model.kind`);
 *   entity types metric(s), param(s)/parameter(s), tag(s), attribute(s)/attr/run; no type = attribute;
 *   the key (and the type) may be quoted with backticks, double or single quotes for odd names;
 * - metrics: = != < <= > >= against a number; params and tags: = != LIKE ILIKE against a quoted string,
 *   so numeric params are compared as strings (`params.epochs = "20"`, never `params.epochs = 20`);
 * - string attributes: = != LIKE ILIKE, and IN / NOT IN with a list of quoted strings for run_id only;
 *   numeric attributes start_time / end_time / created: numeric comparators against a number (ms);
 * - LIKE: `%` any run of characters, `_` one character, anchored at both ends; ILIKE ignores case;
 * - a run without the metric, param or tag never matches, whatever the comparator.
 * Our attributes map git onto MLflow's run info: run_id = commit, run_name = <team>/<SYMBOL>/v<N>,
 * experiment_id = branch, status = FINISHED, artifact_uri = the version tag, start_time = publish time.
 *
 * This module imports nothing and keeps its tables inside functions: the dashboard ships these very
 * functions to the browser as source (Function.prototype.toString), so the page filters with the same code.
 */

export type EntityType = "metric" | "param" | "tag" | "attribute";
export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN" | "IS NULL" | "IS NOT NULL";

export interface FilterClause {
  type: EntityType;
  key: string;
  comparator: Comparator;
  value: number | string | string[] | null;
}

/** What a filter is evaluated against: MLflow's run data (metrics, params, tags) and run info (attributes). */
export interface SearchableRun {
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
  attributes: Record<string, string | number | null>;
}

export interface FilterToken {
  kind: "word" | "quoted-name" | "string" | "number" | "op" | "punct";
  text: string;
  /** Value: unquoted text for names and strings. */
  value: string;
  position: number;
}

/** An Error named FilterError with the character offset the problem was found at. */
export function filterError(message: string, position: number): Error & { position: number } {
  const error = new Error(`invalid filter at character ${position + 1}: ${message}`) as Error & { position: number };
  error.name = "FilterError";
  error.position = position;
  return error;
}

export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === ";") throw filterError(`Search filter contained multiple expression: ';' ends a statement in MLflow's SQL syntax; provide AND-ed expressions`, index);
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const start = index;
    if (char === "'" || char === '"' || char === "`") {
      const end = text.indexOf(char, index + 1);
      if (end < 0) throw filterError(`Invalid clause(s) in filter string: unterminated ${char === "`" ? "backtick name" : "string"}: expected a closing ${char}`, start);
      const value = text.slice(index + 1, end);
      tokens.push({ kind: char === "`" ? "quoted-name" : "string", text: text.slice(start, end + 1), value, position: start });
      index = end + 1;
      continue;
    }
    if (char === "+" && /^\+[\d.]/.test(text.slice(index, index + 2))) throw filterError("a leading '+' is not part of a number in MLflow's syntax (sqlparse reads it as an operator): write the number without it", start);
    // sqlparse's numbers: -?digits[.digits][e-?digits] or -?.digits, never glued to a following letter
    const number = /^-?(\d+\.\d*|\.\d+|\d+)([eE]-?\d+)?/.exec(text.slice(index));
    if (number && (/[\d.]/.test(char) || /^-[\d.]/.test(text.slice(index, index + 2)))) {
      const after = text[index + number[0].length];
      if (after !== undefined && /[A-Za-z_\u00C0-\u00DC]/.test(after)) {
        throw filterError(`'${number[0]}${after}' is neither a number nor a name: put a space between a value and the next word (e.g. '0.9 AND')`, start);
      }
      tokens.push({ kind: "number", text: number[0], value: number[0], position: start });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index));
    if (word) {
      tokens.push({ kind: "word", text: word[0], value: word[0], position: start });
      index += word[0].length;
      continue;
    }
    // `<>`, `==` and `~` are read as operators so that the clause says which comparator is wrong
    const op = /^(<=|>=|!=|<>|==|~=|=|<|>|~)/.exec(text.slice(index));
    if (op) {
      tokens.push({ kind: "op", text: op[0], value: op[0], position: start });
      index += op[0].length;
      continue;
    }
    if ("().,".includes(char)) {
      tokens.push({ kind: "punct", text: char, value: char, position: start });
      index++;
      continue;
    }
    throw filterError(`unexpected character '${char}'`, start);
  }
  return tokens;
}

/**
 * MLflow's searchable run attributes (VALID_SEARCH_ATTRIBUTE_KEYS: RunInfo's searchable ones and the
 * aliases `created` / `Created` and `run name` / `Run name` / `Run Name`), then stockops' own git-backed
 * attributes, which MLflow lacks: commit, branch, date, data_version (documented extensions).
 */
export function attributeKind(key: string): "string" | "numeric" | undefined {
  switch (key) {
    case "start_time":
    case "end_time":
    case "created":
    case "Created":
      return "numeric";
    case "run_id":
    case "run_name":
    case "run name":
    case "Run name":
    case "Run Name":
    case "status":
    case "artifact_uri":
    case "user_id":
    case "commit":
    case "branch":
    case "date":
    case "data_version":
      return "string";
    default:
      return undefined;
  }
}

/** MLflow's translate_key_alias; the key a clause or sort reads. */
export function attributeAlias(key: string): string {
  if (key === "created" || key === "Created") return "start_time";
  if (key === "run name" || key === "Run name" || key === "Run Name") return "run_name";
  return key;
}

/** The error for an attribute neither MLflow nor stockops has, naming which are extensions. */
export function invalidAttribute(key: string, position: number, purpose: string): Error {
  const mlflow = "run_id, run_name, status, artifact_uri, user_id, start_time, end_time, created";
  const hint = key === "experiment_id" ? " (MLflow does not search runs by experiment_id; here the branch is attributes.branch)" : "";
  return filterError(`Invalid attribute key '${key}'${purpose}${hint}: MLflow's are ${mlflow}; stockops extensions (not in MLflow): commit, branch, date, data_version`, position);
}

export function entityType(quoted: string, position: number): EntityType {
  const name = quoted.length >= 2 && quoted.startsWith("`") && quoted.endsWith("`") ? quoted.slice(1, -1) : quoted;
  switch (name) {
    case "metric":
    case "metrics":
      return "metric";
    case "param":
    case "params":
    case "parameter":
    case "parameters":
      return "param";
    case "tag":
    case "tags":
      return "tag";
    case "attribute":
    case "attributes":
    case "attr":
    case "run":
      return "attribute";
    case "dataset":
    case "datasets":
      throw filterError(`Invalid entity type '${name}' here: stockops runs log no MLflow datasets (their data version is attributes.data_version)`, position);
    default:
      throw filterError(`Invalid entity type '${name}': expected metrics, params, tags or attributes`, position);
  }
}

/** Parses a filter into AND-ed clauses; an empty filter is no clause (every run matches). */
export function parseFilter(text: string): FilterClause[] {
  const tokens = tokenizeFilter(text);
  const clauses: FilterClause[] = [];
  let index = 0;
  const at = () => tokens[index];
  const isKeyword = (token: FilterToken | undefined, keyword: string) => token?.kind === "word" && token.value.toUpperCase() === keyword;
  const end = text.length;
  if (tokens.length === 0) return clauses;
  for (;;) {
    const clauseResult = parseClause(tokens, index, end);
    clauses.push(clauseResult.clause);
    index = clauseResult.next;
    const next = at();
    if (next === undefined) return clauses;
    if (isKeyword(next, "AND")) {
      index++;
      if (at() === undefined) throw filterError("expected an expression after AND", end);
      continue;
    }
    if (isKeyword(next, "OR")) {
      throw filterError("OR is not supported: MLflow's search syntax joins expressions with AND only; run one search per alternative (MLflow: Invalid clause(s) in filter string)", next.position);
    }
    throw filterError(`Invalid clause(s) in filter string: '${next.text}': expected AND between expressions`, next.position);
  }
}

export function parseClause(tokens: FilterToken[], start: number, end: number): { clause: FilterClause; next: number } {
  let index = start;
  const first = tokens[index];
  if (first === undefined) throw filterError("expected an identifier such as metrics.test_mae", end);
  if (first.kind === "punct" && first.text === "(") throw filterError("parentheses are not supported: write expressions joined by AND (MLflow: Invalid clause(s) in filter string)", first.position);
  if (first.kind !== "word" && first.kind !== "quoted-name") {
    throw filterError(`Invalid comparison clause. Expected 'Identifier' found '${first.text}': write an identifier such as metrics.test_mae or params.model.kind first`, first.position);
  }
  index++;
  let type: EntityType;
  let key: string;
  const dot = tokens[index];
  // sqlparse groups `type.key` into one identifier only when nothing separates the parts
  const glued = (left: FilterToken, right: FilterToken | undefined) => right !== undefined && right.position === left.position + left.text.length;
  const sqlKeyword = (word: string) =>
    ["AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "SELECT", "FROM", "WHERE", "AS", "BY", "ORDER", "GROUP", "HAVING", "LIMIT", "JOIN", "ON", "UNION", "ALL", "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END", "BETWEEN", "EXISTS", "ASC", "DESC", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "TABLE", "INTO", "VALUES", "SET"].includes(word.toUpperCase());
  if (dot?.kind === "punct" && dot.text === ".") {
    if (!glued(first, dot) || !glued(dot, tokens[index + 1])) throw filterError(`Invalid clause(s) in filter string: spaces around '.' in '${first.text} . …': write ${first.text}.<key> with no spaces`, dot.position);
    type = entityType(first.kind === "quoted-name" ? `\`${first.value}\`` : first.value, first.position);
    index++;
    const keyStart = tokens[index];
    if (keyStart === undefined) throw filterError(`expected a name after '${first.text}.'`, end);
    if (keyStart.kind === "quoted-name" || keyStart.kind === "string") {
      key = keyStart.value;
      index++;
    } else if (keyStart.kind === "word") {
      if (sqlKeyword(keyStart.value)) throw filterError(`Invalid clause(s) in filter string: '${keyStart.value}' is an SQL keyword, which MLflow's parser does not read as a name: quote it, ${first.text}.\`${keyStart.value}\``, keyStart.position);
      key = keyStart.value;
      index++;
      while (tokens[index]?.text === "." && tokens[index + 1]?.kind === "word" && tokens[index]!.kind === "punct" && glued(tokens[index - 1]!, tokens[index]) && glued(tokens[index]!, tokens[index + 1])) {
        key += `.${tokens[index + 1]!.value}`;
        index += 2;
      }
    } else {
      throw filterError(`expected a name after '${first.text}.', found '${keyStart.text}'; quote odd names with backticks, e.g. metrics.\`test-mae\``, keyStart.position);
    }
  } else {
    type = "attribute";
    key = first.value;
  }
  if (type === "attribute") {
    if (attributeKind(key) === undefined) throw invalidAttribute(key, first.position, "");
    key = attributeAlias(key);
  }
  const { comparator, next: afterComparator } = parseComparator(tokens, index, end);
  index = afterComparator;
  checkComparator(type, key, comparator, tokens[start]!.position);
  const { value, next } = parseValue(tokens, index, end, type, key, comparator);
  return { clause: { type, key, comparator, value }, next };
}

export function parseComparator(tokens: FilterToken[], index: number, end: number): { comparator: Comparator; next: number } {
  const token = tokens[index];
  if (token === undefined) throw filterError("Invalid clause(s) in filter string: expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL)", end);
  if (token.kind === "op") {
    if (["=", "!=", "<", "<=", ">", ">="].includes(token.text)) return { comparator: token.text as Comparator, next: index + 1 };
    const instead = token.text === "<>" ? "!=" : token.text === "==" ? "=" : "one of them";
    throw filterError(`Invalid comparator '${token.text}': MLflow's are =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL; write ${instead}`, token.position);
  }
  const word = token.kind === "word" ? token.value.toUpperCase() : "";
  if (word === "LIKE" || word === "ILIKE" || word === "IN") return { comparator: word, next: index + 1 };
  if (word === "NOT" && tokens[index + 1]?.kind === "word" && tokens[index + 1]!.value.toUpperCase() === "IN") return { comparator: "NOT IN", next: index + 2 };
  if (word === "IS") {
    const upper = (offset: number) => (tokens[index + offset]?.kind === "word" ? tokens[index + offset]!.value.toUpperCase() : "");
    if (upper(1) === "NULL") return { comparator: "IS NULL", next: index + 2 };
    if (upper(1) === "NOT" && upper(2) === "NULL") return { comparator: "IS NOT NULL", next: index + 3 };
    throw filterError(`Invalid clause(s) in filter string: IS must be followed by NULL or NOT NULL, found '${tokens[index + 1]?.text ?? "nothing"}'`, token.position);
  }
  throw filterError(`Invalid clause(s) in filter string: expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL), found '${token.text}'`, token.position);
}

export function checkComparator(type: EntityType, key: string, comparator: Comparator, position: number): void {
  if (comparator === "IS NULL" || comparator === "IS NOT NULL") {
    if (type === "param" || type === "tag") return;
    throw filterError(`IS NULL / IS NOT NULL is only supported for tags and params, not ${type === "attribute" ? `attribute ${key}` : `${type}s`}`, position);
  }
  const numeric = ["=", "!=", "<", "<=", ">", ">="];
  const strings = ["=", "!=", "LIKE", "ILIKE"];
  const kind = type === "attribute" ? attributeKind(key) : undefined;
  const allowed =
    type === "metric" || kind === "numeric" ? numeric : type === "attribute" && key === "run_id" ? [...strings, "IN", "NOT IN"] : strings;
  if (!allowed.includes(comparator)) {
    const name = type === "attribute" ? `attribute ${key}` : `${type}s`;
    const inHint = comparator === "IN" || comparator === "NOT IN" ? " (MLflow allows IN / NOT IN for attributes.run_id only)" : "";
    throw filterError(`Invalid comparator '${comparator}' for ${name}: expected one of ${allowed.join(" ")}${inHint}`, position);
  }
}

export function parseValue(
  tokens: FilterToken[],
  index: number,
  end: number,
  type: EntityType,
  key: string,
  comparator: Comparator,
): { value: number | string | string[] | null; next: number } {
  if (comparator === "IS NULL" || comparator === "IS NOT NULL") return { value: null, next: index };
  const token = tokens[index];
  const name = `${type === "attribute" ? "attributes" : `${type}s`}.${key}`;
  if (token === undefined) throw filterError(`Invalid clause(s) in filter string: expected a value after ${name} ${comparator}`, end);
  if (comparator === "IN" || comparator === "NOT IN") return parseList(tokens, index, end, name);
  if (type === "metric" || attributeKind(key) === "numeric") {
    if (token.kind !== "number") throw filterError(`Expected numeric value type for ${type === "metric" ? "metric" : "numeric attribute"}: expected a number for ${name}, found ${token.text}: ${type === "metric" ? "metrics" : "this attribute"} compare as numbers`, token.position);
    return { value: Number(token.value), next: index + 1 };
  }
  if (token.kind === "op" || token.kind === "punct" || (token.kind === "word" && ["TRUE", "FALSE", "NULL"].includes(token.value.toUpperCase()))) {
    throw filterError(`Invalid clause(s) in filter string: '${token.text}' is not a value for ${name}: write a quoted string`, token.position);
  }
  if (token.kind === "word" || token.kind === "quoted-name") {
    const unquoted = token.kind === "quoted-name" ? token.value : token.text;
    throw filterError(`Parameter value is either not quoted or unidentified quote types used for string value ${token.text}: use single or double quotes, ${name} ${comparator} '${unquoted}'`, token.position);
  }
  if (token.kind !== "string") {
    const hint = token.kind === "number" ? `; ${type === "param" ? "params are" : "it is"} compared as a string, as in MLflow: write ${name} ${comparator} "${token.text}"` : "";
    const mlflowType = type === "attribute" ? "attributes" : type;
    throw filterError(`Expected a quoted string value for ${mlflowType}: a quoted string (single or double quotes) for ${name}, found ${token.text}${hint}`, token.position);
  }
  return { value: token.value, next: index + 1 };
}

export function parseList(tokens: FilterToken[], index: number, end: number, name: string): { value: string[]; next: number } {
  if (tokens[index]?.text !== "(" || tokens[index]?.kind !== "punct") {
    throw filterError(`expected a parenthesized list of quoted strings after IN for ${name}, e.g. ('a', 'b')`, tokens[index]?.position ?? end);
  }
  const values: string[] = [];
  let cursor = index + 1;
  for (;;) {
    const item = tokens[cursor];
    if (item?.kind !== "string") throw filterError(`expected a quoted string in the IN list for ${name}`, item?.position ?? end);
    values.push(item.value);
    const separator = tokens[cursor + 1];
    if (separator?.kind === "punct" && separator.text === ")") return { value: values, next: cursor + 2 };
    if (separator?.kind !== "punct" || separator.text !== ",") throw filterError("expected ',' or ')' in the IN list", separator?.position ?? end);
    cursor += 2;
  }
}

/** SQL LIKE as MLflow evaluates it: `%` any run, `_` one character, anchored; other characters literal. */
export function likeMatches(text: string, pattern: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split("")
    .map((char) => (char === "%" ? "[\\s\\S]*" : char === "_" ? "[\\s\\S]" : char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(text);
}

export function clauseMatches(run: SearchableRun, clause: FilterClause): boolean {
  const isNull = nullMatches(run, clause);
  if (isNull !== undefined) return isNull;
  let lhs: string | number | null | undefined;
  if (clause.type === "metric") lhs = run.metrics[clause.key];
  else if (clause.type === "param") lhs = run.params[clause.key];
  else if (clause.type === "tag") lhs = run.tags[clause.key];
  else lhs = run.attributes[clause.key];
  if (lhs === undefined || lhs === null || clause.value === null) return false;
  const value = clause.value;
  switch (clause.comparator) {
    case "=":
      return lhs === value;
    case "!=":
      return lhs !== value;
    case "<":
      return lhs < value;
    case "<=":
      return lhs <= value;
    case ">":
      return lhs > value;
    case ">=":
      return lhs >= value;
    case "LIKE":
      return likeMatches(String(lhs), String(value), false);
    case "ILIKE":
      return likeMatches(String(lhs), String(value), true);
    case "IN":
      return (value as string[]).includes(String(lhs));
    case "NOT IN":
      return !(value as string[]).includes(String(lhs));
    default:
      return false;
  }
}

/** IS NULL / IS NOT NULL: whether the run has the param or tag at all (MLflow's filter). */
function nullMatches(run: SearchableRun, clause: FilterClause): boolean | undefined {
  if (clause.comparator !== "IS NULL" && clause.comparator !== "IS NOT NULL") return undefined;
  const table = clause.type === "param" ? run.params : run.tags;
  const present = Object.hasOwn(table, clause.key);
  return clause.comparator === "IS NULL" ? !present : present;
}

export function runMatches(run: SearchableRun, clauses: readonly FilterClause[]): boolean {
  return clauses.every((clause) => clauseMatches(run, clause));
}

/** The functions the dashboard page needs, in an order that lets each refer to the others. */
export const BROWSER_FILTER_FUNCTIONS = [
  filterError,
  tokenizeFilter,
  attributeKind,
  attributeAlias,
  invalidAttribute,
  entityType,
  parseFilter,
  parseClause,
  parseComparator,
  checkComparator,
  parseValue,
  parseList,
  likeMatches,
  nullMatches,
  clauseMatches,
  runMatches,
] as const;
