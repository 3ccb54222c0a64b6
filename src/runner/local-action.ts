import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../errors.js";
import { takeCommandFile } from "./command-files.js";
import { nodeForAction } from "./action-node.js";
import { interpolateText, toText, type ExpressionValue } from "./expressions.js";
import { runStepProcess } from "./step-process.js";
import type { Workflow } from "./parse-workflow.js";
import { stepLabel, type StepOutcome, type StepRuntime } from "./step-runtime.js";

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: unknown;
}

interface ActionManifest {
  file: string;
  dir: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, unknown>;
  main: string;
  using: string;
}

/** `uses: ./actions/<x>`: the action's `dist/index.js` under Node with the runner's contract. */
export async function runLocalAction(runtime: StepRuntime, uses: string, withValues: Record<string, ExpressionValue>): Promise<StepOutcome> {
  const manifest = await readActionManifest(runtime, uses);
  const inputEnv = actionInputEnv(runtime, manifest, withValues);
  const stateFile = join(runtime.temp, `state-${runtime.step.index}`);
  const env = {
    ...runtime.env,
    ...inputEnv,
    GITHUB_ACTION_PATH: manifest.dir,
    GITHUB_ACTION_REPOSITORY: "",
    GITHUB_STATE: stateFile,
  };
  runtime.logger.info(`  ▶ ${runtime.stepName} (${uses}, node ${manifest.main})`);
  const node = nodeForAction(manifest.using, runtime.setup.nodePath, runtime.workflow.locate([...runtime.step.path, "uses"], "uses"));
  if (node.note) runtime.logger.progress(node.note);
  const result = await runStepProcess({
    command: node.path,
    args: [join(manifest.dir, manifest.main)],
    cwd: runtime.workspace,
    env,
    logger: runtime.logger,
    masks: runtime.masks,
    timeoutMs: runtime.timeoutMs,
  });
  const outputs = await takeCommandFile(runtime.env.GITHUB_OUTPUT!);
  if (result.exitCode === 0) return { ok: true, outputs };
  const reason = result.errors[0] ?? (result.timedOut ? "timed out" : `exit code ${result.exitCode}`);
  return { ok: false, outputs, failure: `${uses} failed: ${reason}` };
}

async function readActionManifest(runtime: StepRuntime, uses: string): Promise<ActionManifest> {
  const location = runtime.workflow.locate([...runtime.step.path, "uses"], "uses");
  const dir = resolve(runtime.workspace, uses);
  if (relative(runtime.workspace, dir).startsWith("..")) throw new ConfigError(`${stepLabel(runtime)}: '${uses}' points outside the workspace`, location);
  let text: string | undefined;
  let file = join(dir, "action.yml");
  for (const name of ["action.yml", "action.yaml"]) {
    text = await readFile(join(dir, name), "utf8").catch(() => undefined);
    if (text !== undefined) {
      file = join(dir, name);
      break;
    }
  }
  if (text === undefined) {
    throw new ConfigError(`${stepLabel(runtime)}: no action.yml in '${uses}' of the checked-out workspace (is there an actions/checkout step before it?)`, location);
  }
  const shown = relative(runtime.workspace, file);
  const raw = parse(text) as Record<string, unknown> | null;
  const runs = (raw?.runs ?? {}) as Record<string, unknown>;
  const using = String(runs.using ?? "");
  if (!/^node\d+$/.test(using)) throw new ConfigError(`${stepLabel(runtime)}: ${shown} runs '${using}'; the local runner runs only node actions`, location);
  if (typeof runs.main !== "string") throw new ConfigError(`${stepLabel(runtime)}: ${shown} has no runs.main`, location);
  for (const hook of ["pre", "post"]) {
    if (runs[hook] !== undefined) throw new ConfigError(`${stepLabel(runtime)}: ${shown} has runs.${hook}, which the local runner does not run`, location);
  }
  return {
    file: shown,
    dir,
    inputs: (raw?.inputs ?? {}) as Record<string, ActionInput>,
    outputs: (raw?.outputs ?? {}) as Record<string, unknown>,
    main: runs.main,
    using,
  };
}

/**
 * INPUT_* variables: names upper-cased with spaces as `_`, `with:` values over action.yml defaults.
 * As actions/runner's ActionRunner: an undeclared input is a warning, never an error, and a required
 * input not passed is left to the action (core.getInput's "Input required and not supplied").
 */
function actionInputEnv(runtime: StepRuntime, manifest: ActionManifest, withValues: Record<string, ExpressionValue>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(withValues)) env[inputVariable(name)] = toText(value);
  const unexpected = unexpectedInputs(Object.keys(withValues), Object.keys(manifest.inputs));
  if (unexpected) runtime.logger.warn(`${stepLabel(runtime)}: ${unexpected}`);
  for (const [name, spec] of Object.entries(manifest.inputs)) {
    const variable = inputVariable(name);
    if (variable in env || spec?.default === undefined) continue;
    env[variable] = interpolateText(String(spec.default), { ...runtime.scope, location: { file: manifest.file, field: `inputs.${name}.default` } });
  }
  return env;
}

/** The runner's warning text for inputs an action does not declare (names compared ignoring case), or undefined. */
export function unexpectedInputs(passed: readonly string[], declared: readonly string[]): string | undefined {
  const valid = new Set(declared.map((name) => name.toLowerCase()));
  const unexpected = passed.filter((name) => !valid.has(name.toLowerCase()));
  return unexpected.length === 0 ? undefined : `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.join("', '")}']`;
}

export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/**
 * Checks every `uses: ./actions/<x>` step's `with:` keys against that action's action.yml (read at the
 * event's commit) before any job runs; GitHub only warns (see unexpectedInputs), so these are warnings
 * naming file, line, job and step, returned for the caller to show.
 */
export async function checkLocalActionInputs(workflow: Workflow, readActionYml: (folder: string) => Promise<string | undefined>): Promise<string[]> {
  const warnings: string[] = [];
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (!step.uses?.startsWith("./")) continue;
      const folder = step.uses.replace(/^\.\//, "").replace(/\/$/, "");
      const text = (await readActionYml(`${folder}/action.yml`)) ?? (await readActionYml(`${folder}/action.yaml`));
      const stepName = step.name ?? `Run ${step.uses}`;
      // The job may check out another ref that has the action; the step itself checks it when it runs.
      if (text === undefined) continue;
      const declared = Object.keys(((parse(text) as { inputs?: Record<string, unknown> } | null)?.inputs ?? {}));
      const unexpected = unexpectedInputs(Object.keys(step.with), declared);
      if (!unexpected) continue;
      const first = Object.keys(step.with).find((name) => !declared.some((candidate) => candidate.toLowerCase() === name.toLowerCase()))!;
      const where = workflow.locate([...step.path, "with", first], first);
      warnings.push(`${where.file}, line ${where.line ?? "?"}: job '${job.id}', step '${stepName}' (${folder}/action.yml): ${unexpected}`);
    }
  }
  return warnings;
}
