import { readFile } from "node:fs/promises";
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { ConfigError, type Location } from "../errors.js";

export type YamlPath = readonly (string | number)[];

/** A step as written; values are raw (expressions not yet evaluated). */
export interface WorkflowStep {
  index: number;
  id?: string;
  name?: string;
  if?: string | boolean;
  run?: string;
  uses?: string;
  with: Record<string, unknown>;
  env: Record<string, unknown>;
  shell?: string;
  workingDirectory?: string;
  continueOnError: boolean | string;
  timeoutMinutes?: number;
  /** YAML path of the step, for `locate`. */
  path: YamlPath;
}

export interface WorkflowJob {
  id: string;
  name?: string;
  needs: string[];
  if?: string | boolean;
  runsOn: unknown;
  env: Record<string, unknown>;
  /** `strategy.matrix` as written: an object, or an expression string. */
  matrix?: unknown;
  failFast: boolean;
  outputs: Record<string, string>;
  steps: WorkflowStep[];
  defaultsRun: { shell?: string; workingDirectory?: string };
  timeoutMinutes?: number;
  continueOnError: boolean;
  path: YamlPath;
}

export interface Workflow {
  /** Path shown in messages, e.g. `.github/workflows/pipeline.yml`. */
  file: string;
  name: string;
  /** `on:` as written. */
  on: unknown;
  env: Record<string, unknown>;
  defaultsRun: { shell?: string; workingDirectory?: string };
  jobs: WorkflowJob[];
  /** Line of the node at `path` (1-based), when the file has one there. */
  lineOf(path: YamlPath): number | undefined;
  /** `{ file, line }` of the node at `path`, for errors. */
  locate(path: YamlPath, field?: string): Location;
}

const WORKFLOW_KEYS = ["name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"];
const JOB_KEYS = ["name", "runs-on", "needs", "if", "permissions", "env", "defaults", "concurrency", "strategy", "outputs", "steps", "timeout-minutes", "continue-on-error", "environment"];
const STEP_KEYS = ["id", "name", "if", "run", "uses", "with", "env", "shell", "working-directory", "continue-on-error", "timeout-minutes"];
const STRATEGY_KEYS = ["matrix", "fail-fast", "max-parallel"];
const DEFAULTS_KEYS = ["run"];
const DEFAULTS_RUN_KEYS = ["shell", "working-directory"];
export const SUPPORTED_SHELLS = ["bash", "sh"];

export async function readWorkflowFile(path: string, displayName = path): Promise<Workflow> {
  return parseWorkflow(await readFile(path, "utf8"), displayName);
}

/**
 * Parses a workflow file into the subset the local runner supports. Any key outside that subset is a
 * `ConfigError` naming the file and line, so nothing is skipped silently.
 */
export function parseWorkflow(text: string, file: string): Workflow {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (path: YamlPath): number | undefined => lineAt(document, lineCounter, path);
  const locate = (path: YamlPath, field?: string): Location => ({ file, line: lineOf(path), ...(field ? { field } : {}) });
  const firstError = document.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line;
    throw new ConfigError(`YAML syntax: ${firstError.message.split("\n")[0]}`, { file, line });
  }
  const root = document.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isObject(root)) throw new ConfigError("a workflow file must be a mapping with 'on' and 'jobs'", { file, line: 1 });
  checkKeys(root, WORKFLOW_KEYS, [], locate, "workflow");
  if (root.on === undefined) throw new ConfigError("missing 'on:' (which events start this workflow)", { file, line: 1 });
  if (!isObject(root.jobs) || Object.keys(root.jobs).length === 0) throw new ConfigError("missing 'jobs:'", locate(["jobs"]));
  const defaults = parseDefaults(root.defaults, ["defaults"], locate);
  const jobs = Object.entries(root.jobs).map(([id, job]) => parseJob(id, job, locate));
  return {
    file,
    name: typeof root.name === "string" ? root.name : file,
    on: root.on,
    env: asRecord(root.env, ["env"], locate),
    defaultsRun: defaults,
    jobs,
    lineOf,
    locate,
  };
}

function parseJob(id: string, raw: unknown, locate: Workflow["locate"]): WorkflowJob {
  const path = ["jobs", id];
  if (!isObject(raw)) throw new ConfigError(`job '${id}' must be a mapping`, locate(path));
  if ("uses" in raw) throw new ConfigError(`job '${id}': reusable workflows ('uses:' on a job) are not supported by the local runner`, locate([...path, "uses"]));
  checkKeys(raw, JOB_KEYS, path, locate, `job '${id}'`);
  if (raw["runs-on"] === undefined) throw new ConfigError(`job '${id}' has no 'runs-on'`, locate(path));
  const needs = raw.needs === undefined ? [] : Array.isArray(raw.needs) ? raw.needs.map(String) : [String(raw.needs)];
  const strategy = raw.strategy;
  if (strategy !== undefined && !isObject(strategy)) throw new ConfigError(`job '${id}': 'strategy' must be a mapping`, locate([...path, "strategy"]));
  if (strategy) checkKeys(strategy, STRATEGY_KEYS, [...path, "strategy"], locate, `job '${id}' strategy`);
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) throw new ConfigError(`job '${id}' has no 'steps'`, locate(path));
  const outputs = asRecord(raw.outputs, [...path, "outputs"], locate);
  return {
    id,
    name: typeof raw.name === "string" ? raw.name : undefined,
    needs,
    if: asCondition(raw.if, [...path, "if"], locate),
    runsOn: raw["runs-on"],
    env: asRecord(raw.env, [...path, "env"], locate),
    matrix: strategy?.matrix,
    failFast: strategy?.["fail-fast"] !== false,
    outputs: Object.fromEntries(Object.entries(outputs).map(([key, value]) => [key, String(value)])),
    steps: raw.steps.map((step, index) => parseStep(step, index, [...path, "steps", index], locate)),
    defaultsRun: parseDefaults(raw.defaults, [...path, "defaults"], locate),
    timeoutMinutes: typeof raw["timeout-minutes"] === "number" ? raw["timeout-minutes"] : undefined,
    continueOnError: raw["continue-on-error"] === true,
    path,
  };
}

function parseStep(raw: unknown, index: number, path: YamlPath, locate: Workflow["locate"]): WorkflowStep {
  if (!isObject(raw)) throw new ConfigError("a step must be a mapping", locate(path));
  checkKeys(raw, STEP_KEYS, path, locate, "step");
  const hasRun = typeof raw.run === "string";
  const hasUses = typeof raw.uses === "string";
  if (hasRun === hasUses) throw new ConfigError("a step needs exactly one of 'run' or 'uses'", locate(path));
  if (hasRun && raw.with !== undefined) throw new ConfigError("'with' belongs to 'uses' steps, not 'run' steps", locate([...path, "with"]));
  if (raw.shell !== undefined && !SUPPORTED_SHELLS.includes(String(raw.shell))) {
    throw new ConfigError(`shell '${String(raw.shell)}' is not supported by the local runner (supported: ${SUPPORTED_SHELLS.join(", ")})`, locate([...path, "shell"]));
  }
  return {
    index,
    id: raw.id === undefined ? undefined : String(raw.id),
    name: raw.name === undefined ? undefined : String(raw.name),
    if: asCondition(raw.if, [...path, "if"], locate),
    run: hasRun ? (raw.run as string) : undefined,
    uses: hasUses ? (raw.uses as string) : undefined,
    with: asRecord(raw.with, [...path, "with"], locate),
    env: asRecord(raw.env, [...path, "env"], locate),
    shell: raw.shell === undefined ? undefined : String(raw.shell),
    workingDirectory: raw["working-directory"] === undefined ? undefined : String(raw["working-directory"]),
    continueOnError: typeof raw["continue-on-error"] === "string" ? raw["continue-on-error"] : raw["continue-on-error"] === true,
    timeoutMinutes: typeof raw["timeout-minutes"] === "number" ? raw["timeout-minutes"] : undefined,
    path,
  };
}

function parseDefaults(raw: unknown, path: YamlPath, locate: Workflow["locate"]): { shell?: string; workingDirectory?: string } {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new ConfigError("'defaults' must be a mapping", locate(path));
  checkKeys(raw, DEFAULTS_KEYS, path, locate, "defaults");
  const run = raw.run;
  if (run === undefined) return {};
  if (!isObject(run)) throw new ConfigError("'defaults.run' must be a mapping", locate([...path, "run"]));
  checkKeys(run, DEFAULTS_RUN_KEYS, [...path, "run"], locate, "defaults.run");
  if (run.shell !== undefined && !SUPPORTED_SHELLS.includes(String(run.shell))) {
    throw new ConfigError(`shell '${String(run.shell)}' is not supported by the local runner`, locate([...path, "run", "shell"]));
  }
  return {
    ...(run.shell !== undefined ? { shell: String(run.shell) } : {}),
    ...(run["working-directory"] !== undefined ? { workingDirectory: String(run["working-directory"]) } : {}),
  };
}

function checkKeys(object: Record<string, unknown>, allowed: readonly string[], path: YamlPath, locate: Workflow["locate"], what: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`'${key}' in ${what} is not supported by the local runner (supported: ${allowed.join(", ")})`, locate([...path, key], key));
    }
  }
}

function asRecord(value: unknown, path: YamlPath, locate: Workflow["locate"]): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new ConfigError("expected a mapping", locate(path));
  return value;
}

function asCondition(value: unknown, path: YamlPath, locate: Workflow["locate"]): string | boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  throw new ConfigError("'if' must be an expression", locate(path));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The line of the key (for a mapping entry) or of the value at `path`; nearest existing ancestor otherwise. */
function lineAt(document: Document, lineCounter: LineCounter, path: YamlPath): number | undefined {
  let node: unknown = document.contents;
  let line = offsetLine(node, lineCounter);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return line;
      line = offsetLine(pair.key, lineCounter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      line = offsetLine(node, lineCounter) ?? line;
    } else {
      return line;
    }
  }
  return line;
}

function offsetLine(node: unknown, lineCounter: LineCounter): number | undefined {
  if (!isNode(node) || !node.range) return undefined;
  return lineCounter.linePos(node.range[0]).line;
}
