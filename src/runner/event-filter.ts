import { ConfigError } from "../errors.js";
import type { ExpressionValue } from "./expressions.js";
import { anyMatches, matchesPatterns } from "./glob-filter.js";
import type { Workflow } from "./parse-workflow.js";

export const RUNNER_EVENTS = ["push", "pull_request", "schedule", "workflow_dispatch"] as const;
export type RunnerEventName = (typeof RUNNER_EVENTS)[number];

/** One event as the runner plays it: what GitHub would put in `github.*` and GITHUB_EVENT_PATH. */
export interface RunnerEvent {
  name: RunnerEventName;
  /** Full ref the run checks out, e.g. `refs/heads/red/AAPL` or `refs/pull/1/merge`. */
  ref: string;
  sha: string;
  payload: Record<string, unknown>;
  /** Files changed by the push or pull request, for `paths:` filters. */
  changedFiles?: string[];
  /** pull_request: activity type (`opened`, `synchronize`, …) and branches. */
  action?: string;
  baseRef?: string;
  headRef?: string;
  /** workflow_dispatch: inputs as given (text), before defaults. */
  inputs?: Record<string, string>;
  /** schedule: the cron line that fired. */
  schedule?: string;
}

export interface TriggerDecision {
  runs: boolean;
  /** Why it runs or not, for the log. */
  reason: string;
  /** workflow_dispatch: the `inputs` context (declared types, defaults applied). */
  inputs?: Record<string, ExpressionValue>;
}

const PUSH_KEYS = ["branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore"];
const PULL_REQUEST_KEYS = ["branches", "branches-ignore", "paths", "paths-ignore", "types"];
const DISPATCH_KEYS = ["inputs"];
const INPUT_KEYS = ["description", "required", "default", "type", "options"];
const DEFAULT_PULL_REQUEST_TYPES = ["opened", "synchronize", "reopened"];

/** The `on:` block as a map of event name → filter object (`null` when the event has no filter). */
export function triggersOf(workflow: Workflow): Record<string, unknown> {
  const on = workflow.on;
  if (typeof on === "string") return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((event) => [String(event), null]));
  if (on && typeof on === "object") return on as Record<string, unknown>;
  throw new ConfigError("'on' must be an event name, a list or a mapping", workflow.locate(["on"]));
}

/** Decides, from `on:`, whether `workflow` starts for `event`, as GitHub would. */
export function decideTrigger(workflow: Workflow, event: RunnerEvent): TriggerDecision {
  const triggers = triggersOf(workflow);
  if (!(event.name in triggers)) return { runs: false, reason: `no '${event.name}' trigger` };
  const filter = triggers[event.name];
  switch (event.name) {
    case "push":
      return decidePush(workflow, filterObject(workflow, filter, PUSH_KEYS, "push"), event);
    case "pull_request":
      return decidePullRequest(workflow, filterObject(workflow, filter, PULL_REQUEST_KEYS, "pull_request"), event);
    case "schedule":
      return decideSchedule(workflow, filter, event);
    case "workflow_dispatch":
      return decideDispatch(workflow, filterObject(workflow, filter, DISPATCH_KEYS, "workflow_dispatch"), event);
  }
}

function decidePush(workflow: Workflow, filter: Record<string, unknown>, event: RunnerEvent): TriggerDecision {
  const location = (key: string) => workflow.locate(["on", "push", key]);
  const list = (key: string) => stringList(filter[key], location(key));
  exclusive(filter, "branches", "branches-ignore", location);
  exclusive(filter, "tags", "tags-ignore", location);
  exclusive(filter, "paths", "paths-ignore", location);
  const isTag = event.ref.startsWith("refs/tags/");
  const name = event.ref.replace(/^refs\/(heads|tags)\//, "");
  const hasRefFilter = ["branches", "branches-ignore", "tags", "tags-ignore"].some((key) => key in filter);
  if (hasRefFilter) {
    const [include, ignore] = isTag ? ["tags", "tags-ignore"] : ["branches", "branches-ignore"];
    if (include in filter && !matchesPatterns(name, list(include))) return { runs: false, reason: `${isTag ? "tag" : "branch"} '${name}' not in on.push.${include}` };
    if (ignore in filter && matchesPatterns(name, list(ignore))) return { runs: false, reason: `${isTag ? "tag" : "branch"} '${name}' in on.push.${ignore}` };
    if (!(include in filter) && !(ignore in filter)) return { runs: false, reason: `on.push filters only ${isTag ? "branches" : "tags"}` };
  }
  if (!isTag) {
    const paths = decidePaths(filter, event.changedFiles ?? [], list);
    if (paths) return paths;
  }
  return { runs: true, reason: `push to ${name}` };
}

function decidePullRequest(workflow: Workflow, filter: Record<string, unknown>, event: RunnerEvent): TriggerDecision {
  const location = (key: string) => workflow.locate(["on", "pull_request", key]);
  const list = (key: string) => stringList(filter[key], location(key));
  exclusive(filter, "branches", "branches-ignore", location);
  exclusive(filter, "paths", "paths-ignore", location);
  const types = "types" in filter ? list("types") : DEFAULT_PULL_REQUEST_TYPES;
  const action = event.action ?? "opened";
  if (!types.includes(action)) return { runs: false, reason: `activity '${action}' not in on.pull_request.types` };
  const base = event.baseRef ?? "";
  if ("branches" in filter && !matchesPatterns(base, list("branches"))) return { runs: false, reason: `base branch '${base}' not in on.pull_request.branches` };
  if ("branches-ignore" in filter && matchesPatterns(base, list("branches-ignore"))) return { runs: false, reason: `base branch '${base}' in on.pull_request.branches-ignore` };
  return decidePaths(filter, event.changedFiles ?? [], list) ?? { runs: true, reason: `pull request ${action} into ${base}` };
}

function decidePaths(filter: Record<string, unknown>, changed: readonly string[], list: (key: string) => string[]): TriggerDecision | undefined {
  if ("paths" in filter && !anyMatches(changed, list("paths"))) return { runs: false, reason: `no changed file matches on.*.paths (${changed.length} changed)` };
  if ("paths-ignore" in filter && changed.length > 0 && changed.every((file) => matchesPatterns(file, list("paths-ignore")))) {
    return { runs: false, reason: "every changed file is in paths-ignore" };
  }
  return undefined;
}

function decideSchedule(workflow: Workflow, filter: unknown, event: RunnerEvent): TriggerDecision {
  const location = workflow.locate(["on", "schedule"]);
  if (!Array.isArray(filter) || filter.length === 0) throw new ConfigError("'schedule' must be a list of '- cron: \"…\"' entries", location);
  const crons = filter.map((entry, index) => {
    if (!entry || typeof entry !== "object" || Object.keys(entry).join() !== "cron" || typeof (entry as { cron: unknown }).cron !== "string") {
      throw new ConfigError("each schedule entry must be exactly '- cron: \"…\"'", workflow.locate(["on", "schedule", index]));
    }
    return (entry as { cron: string }).cron;
  });
  if (event.schedule !== undefined && !crons.includes(event.schedule)) return { runs: false, reason: `cron '${event.schedule}' is not one of this workflow's` };
  return { runs: true, reason: `schedule '${event.schedule ?? crons[0]}'` };
}

function decideDispatch(workflow: Workflow, filter: Record<string, unknown>, event: RunnerEvent): TriggerDecision {
  const declared = filter.inputs === undefined || filter.inputs === null ? {} : filter.inputs;
  if (typeof declared !== "object" || Array.isArray(declared)) throw new ConfigError("'workflow_dispatch.inputs' must be a mapping", workflow.locate(["on", "workflow_dispatch", "inputs"]));
  const given = event.inputs ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in declared)) {
      throw new ConfigError(`unexpected input '${name}' (declared: ${Object.keys(declared).join(", ") || "none"})`, workflow.locate(["on", "workflow_dispatch", "inputs"], name));
    }
  }
  const inputs: Record<string, ExpressionValue> = {};
  for (const [name, spec] of Object.entries(declared as Record<string, unknown>)) {
    const path = ["on", "workflow_dispatch", "inputs", name];
    const options = (spec ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(options)) {
      if (!INPUT_KEYS.includes(key)) throw new ConfigError(`'${key}' in a workflow_dispatch input is not supported`, workflow.locate([...path, key], key));
    }
    const text = given[name] ?? (options.default === undefined ? undefined : String(options.default));
    if (text === undefined && options.required === true) throw new ConfigError(`input '${name}' is required`, workflow.locate(path, name));
    inputs[name] = typedInput(text, options, workflow.locate(path, name));
  }
  return { runs: true, reason: "workflow_dispatch", inputs };
}

function typedInput(text: string | undefined, options: Record<string, unknown>, location: ReturnType<Workflow["locate"]>): ExpressionValue {
  const type = options.type === undefined ? "string" : String(options.type);
  switch (type) {
    case "boolean":
      if (text === undefined) return false;
      if (text !== "true" && text !== "false") throw new ConfigError(`expected true or false, got '${text}'`, location);
      return text === "true";
    case "number": {
      if (text === undefined) return null;
      const value = Number(text);
      if (Number.isNaN(value)) throw new ConfigError(`expected a number, got '${text}'`, location);
      return value;
    }
    case "choice": {
      const choices = Array.isArray(options.options) ? options.options.map(String) : [];
      if (text !== undefined && !choices.includes(text)) throw new ConfigError(`'${text}' is not one of ${choices.join(", ")}`, location);
      return text ?? "";
    }
    case "string":
    case "environment":
      return text ?? "";
    default:
      throw new ConfigError(`input type '${type}' is not supported (string, boolean, number, choice, environment)`, location);
  }
}

function filterObject(workflow: Workflow, filter: unknown, allowed: readonly string[], event: string): Record<string, unknown> {
  if (filter === null || filter === undefined) return {};
  if (typeof filter !== "object" || Array.isArray(filter)) throw new ConfigError(`'on.${event}' must be a mapping`, workflow.locate(["on", event]));
  for (const key of Object.keys(filter)) {
    if (!allowed.includes(key)) throw new ConfigError(`'${key}' under on.${event} is not supported by the local runner (supported: ${allowed.join(", ")})`, workflow.locate(["on", event, key], key));
  }
  return filter as Record<string, unknown>;
}

function exclusive(filter: Record<string, unknown>, a: string, b: string, location: (key: string) => ReturnType<Workflow["locate"]>): void {
  if (a in filter && b in filter) throw new ConfigError(`'${a}' and '${b}' cannot be used together for one event`, location(b));
}

function stringList(value: unknown, location: ReturnType<Workflow["locate"]>): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  throw new ConfigError("expected a list of patterns", location);
}
