import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { takeCommandFile, takePathFile } from "./command-files.js";
import { evaluateCondition, hasExpression, interpolate, interpolateText, type EvaluationScope, type ExpressionContexts, type ExpressionValue } from "./expressions.js";
import { stepContextNames } from "./step-ids.js";
import type { RunnerEvent } from "./event-filter.js";
import { githubContext, githubEnv, imageOsOf, runnerContext, type JobPaths, type RunIdentity } from "./github-context.js";
import { hashFiles } from "./hash-files.js";
import { orderJobs } from "./job-graph.js";
import { runLocalAction } from "./local-action.js";
import { expandMatrix, matrixLegName, type MatrixCombination } from "./matrix.js";
import type { Workflow, WorkflowJob, WorkflowStep } from "./parse-workflow.js";
import { runPrepAction } from "./prep-actions.js";
import { runShellStep } from "./run-step.js";
import type { RunnerSetup } from "./runner-setup.js";
import { mask } from "./step-process.js";
import type { StepOutcome, StepRuntime } from "./step-runtime.js";

export type Conclusion = "success" | "failure" | "skipped";

export interface StepResult {
  name: string;
  id?: string;
  outcome: Conclusion;
  conclusion: Conclusion;
  outputs: Record<string, string>;
  failure?: string;
}

export interface JobRunResult {
  jobId: string;
  name: string;
  matrix?: MatrixCombination;
  conclusion: Conclusion;
  steps: StepResult[];
  outputs: Record<string, string>;
  /** What the steps appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  workspace?: string;
}

export interface WorkflowRunResult {
  file: string;
  name: string;
  runId: number;
  conclusion: Conclusion;
  jobs: JobRunResult[];
  /** Folder holding this run's workspaces, event payload, summaries and artifacts. */
  dir: string;
}

interface NeedsEntry {
  result: Conclusion;
  outputs: Record<string, string>;
}

const SUPPORTED_RUNS_ON = /^(ubuntu-(latest|\d\d\.\d\d)(-arm)?|ubuntu-.*|self-hosted)$/;

/** Runs every job of `workflow` for `event`, in `needs` order, legs of a matrix one after another. */
export async function runWorkflow(setup: RunnerSetup, workflow: Workflow, event: RunnerEvent, run: RunIdentity, inputs: Record<string, ExpressionValue>): Promise<WorkflowRunResult> {
  const dir = join(setup.root, "runs", String(run.runId));
  await mkdir(dir, { recursive: true });
  const eventPath = join(dir, "event.json");
  await writeFile(eventPath, `${JSON.stringify(event.payload, null, 2)}\n`);
  setup.logger.info(`● ${workflow.name} (${workflow.file}) run ${run.runId} for ${event.name} on ${event.ref}`);
  const needs = new Map<string, NeedsEntry>();
  const results: JobRunResult[] = [];
  for (const job of orderJobs(workflow)) {
    const jobResults = await runJob({ setup, workflow, job, event, run, inputs, dir, eventPath, needs });
    results.push(...jobResults);
    const failed = jobResults.some((result) => result.conclusion === "failure");
    const allSkipped = jobResults.every((result) => result.conclusion === "skipped");
    const outputs = Object.assign({}, ...jobResults.map((result) => result.outputs)) as Record<string, string>;
    needs.set(job.id, { result: failed ? "failure" : allSkipped ? "skipped" : "success", outputs });
  }
  const conclusion: Conclusion = results.some((result) => result.conclusion === "failure") ? "failure" : results.every((result) => result.conclusion === "skipped") ? "skipped" : "success";
  setup.logger.info(`${conclusion === "failure" ? "✗" : "✓"} ${workflow.name}: ${conclusion}`);
  return { file: workflow.file, name: workflow.name, runId: run.runId, conclusion, jobs: results, dir };
}

interface JobInput {
  setup: RunnerSetup;
  workflow: Workflow;
  job: WorkflowJob;
  event: RunnerEvent;
  run: RunIdentity;
  inputs: Record<string, ExpressionValue>;
  dir: string;
  eventPath: string;
  needs: Map<string, NeedsEntry>;
}

async function runJob(input: JobInput): Promise<JobRunResult[]> {
  const { setup, workflow, job, needs } = input;
  const jobName = job.name ?? job.id;
  const needsContext = Object.fromEntries(job.needs.map((id) => [id, { result: needs.get(id)!.result, outputs: needs.get(id)!.outputs }])) as ExpressionValue;
  const basePaths: JobPaths = { workspace: "", temp: "", toolCache: join(setup.root, "tool-cache"), eventPath: input.eventPath };
  const github = githubContext(setup, input.event, input.run, job.id, basePaths);
  const jobScope: EvaluationScope = {
    contexts: { github, needs: needsContext, inputs: input.inputs, vars: setup.vars, secrets: secretsContext(setup) },
    status: { succeeded: job.needs.every((id) => needs.get(id)!.result === "success") },
    location: workflow.locate([...job.path, "if"]),
  };
  if (!evaluateCondition(job.if, jobScope)) {
    setup.logger.info(`  ○ job ${jobName}: skipped (if: ${String(job.if ?? "needs did not succeed")})`);
    return [{ jobId: job.id, name: jobName, conclusion: "skipped", steps: [], outputs: {}, summary: "" }];
  }
  const runsOn = Array.isArray(job.runsOn) ? job.runsOn.map(String) : [interpolateText(String(job.runsOn), jobScope)];
  if (!runsOn.every((label) => SUPPORTED_RUNS_ON.test(label))) {
    throw new ConfigError(`job '${job.id}' runs on '${runsOn.join(", ")}'; the local runner plays only ubuntu runners`, workflow.locate([...job.path, "runs-on"]));
  }
  const legs = job.matrix === undefined ? [undefined] : expandMatrix(job.matrix, { ...jobScope, location: workflow.locate([...job.path, "strategy", "matrix"]) });
  const results: JobRunResult[] = [];
  for (const [index, matrix] of legs.entries()) {
    const legName = legNameOf(input, jobScope, { matrix, index, count: legs.length });
    const folder = join(input.dir, legs.length > 1 ? `${job.id}-${index + 1}` : job.id);
    results.push(await runLeg(input, { legName, matrix, folder, needsContext, legIndex: index, legCount: legs.length, imageOs: imageOsOf(runsOn) }));
  }
  return results;
}

/** As on GitHub: a job name with an expression is evaluated (matrix and strategy included) and gets no suffix; else `name (values)`. */
function legNameOf(input: JobInput, scope: EvaluationScope, leg: { matrix: MatrixCombination | undefined; index: number; count: number }): string {
  const { job, workflow } = input;
  const name = job.name ?? job.id;
  if (!hasExpression(name)) return leg.matrix ? matrixLegName(name, leg.matrix) : name;
  const strategy = { "fail-fast": job.failFast, "job-index": leg.index, "job-total": leg.count, "max-parallel": 1 };
  return interpolateText(name, { ...scope, contexts: { ...scope.contexts, matrix: leg.matrix ?? {}, strategy }, location: workflow.locate([...job.path, "name"]) });
}

interface LegInput {
  legName: string;
  matrix: MatrixCombination | undefined;
  folder: string;
  needsContext: ExpressionValue;
  legIndex: number;
  legCount: number;
  imageOs: string;
}

/** GitHub's default job timeout (minutes). */
const DEFAULT_JOB_TIMEOUT_MINUTES = 360;
/** actions/runner gives cleanup steps after a cancellation 5 minutes (`cancel-timeout-minutes`, its default). */
const CANCEL_TIMEOUT_MS = 5 * 60_000;

async function runLeg(input: JobInput, leg: LegInput): Promise<JobRunResult> {
  const { setup, workflow, job } = input;
  const paths: JobPaths = { workspace: join(leg.folder, "workspace"), temp: join(leg.folder, "temp"), toolCache: join(setup.root, "tool-cache"), eventPath: input.eventPath, imageOs: leg.imageOs };
  await Promise.all([paths.workspace, paths.temp, paths.toolCache].map((path) => mkdir(path, { recursive: true })));
  const files = { GITHUB_OUTPUT: join(paths.temp, "output"), GITHUB_ENV: join(paths.temp, "env"), GITHUB_PATH: join(paths.temp, "path"), GITHUB_STEP_SUMMARY: join(paths.temp, "step-summary") };
  await Promise.all(Object.values(files).map((file) => writeFile(file, "")));
  const github = githubContext(setup, input.event, input.run, job.id, paths);
  const masks = new Set([setup.token, ...Object.values(setup.secrets)].filter((value) => value.length > 0));
  const strategy = { "fail-fast": job.failFast, "job-index": leg.legIndex, "job-total": leg.legCount, "max-parallel": 1 };
  const contexts: ExpressionContexts = {
    github,
    needs: leg.needsContext,
    inputs: input.inputs,
    vars: setup.vars,
    secrets: secretsContext(setup),
    runner: runnerContext(paths),
    matrix: (leg.matrix ?? {}) as ExpressionValue,
    strategy,
    job: { status: "success" },
    steps: {},
    env: {},
  };
  const workflowEnv = evaluateEnv(workflow.env, contexts, workflow, ["env"]);
  contexts.env = workflowEnv;
  const jobEnv = { ...workflowEnv, ...evaluateEnv(job.env, contexts, workflow, [...job.path, "env"]) };
  const addedEnv: Record<string, string> = {};
  const addedPath: string[] = [];
  const steps: StepResult[] = [];
  const stepsContext: Record<string, ExpressionValue> = {};
  const postSteps: { name: string; condition: string; run: () => Promise<void> }[] = [];
  const contextNames = stepContextNames(job.steps);
  const timeoutMinutes = job.timeoutMinutes ?? DEFAULT_JOB_TIMEOUT_MINUTES;
  const deadline = Date.now() + timeoutMinutes * 60_000;
  let succeeded = true;
  let cancelled = false;
  let summary = "";
  setup.logger.info(`  ◆ job ${leg.legName}`);
  for (const step of job.steps) {
    if (!cancelled && Date.now() >= deadline) cancelled = timedOut(setup, leg, timeoutMinutes);
    if (cancelled) succeeded = false;
    contexts.github = { ...github, action: contextNames[step.index]! };
    contexts.job = { status: cancelled ? "cancelled" : succeeded ? "success" : "failure" };
    const stepName = displayName(step, contexts, workflow);
    contexts.env = { ...jobEnv, ...addedEnv };
    contexts.steps = stepsContext;
    const scope: EvaluationScope = {
      contexts,
      status: { succeeded, cancelled },
      hashFiles: (patterns) => hashFiles(paths.workspace, patterns, workflow.locate(step.path)),
      location: workflow.locate(step.path),
    };
    if (!evaluateCondition(step.if, { ...scope, location: workflow.locate([...step.path, "if"]) })) {
      steps.push({ name: stepName, id: step.id, outcome: "skipped", conclusion: "skipped", outputs: {} });
      if (step.id) stepsContext[step.id] = { outcome: "skipped", conclusion: "skipped", outputs: {} };
      setup.logger.info(`  ○ ${stepName}: skipped`);
      continue;
    }
    const stepEnv = evaluateEnv(step.env, { ...contexts }, workflow, [...step.path, "env"]);
    // On GitHub the runner's own variables win over workflow, job, step and GITHUB_ENV values.
    const env = processEnv({ ...jobEnv, ...addedEnv, ...stepEnv, ...githubEnv(contexts.github as Record<string, ExpressionValue>, paths), ...files }, addedPath);
    const stepLimit = step.timeoutMinutes === undefined ? Number.POSITIVE_INFINITY : step.timeoutMinutes * 60_000;
    const runtime: StepRuntime = {
      setup,
      workflow,
      job,
      step,
      stepName,
      workspace: paths.workspace,
      temp: paths.temp,
      runDir: input.dir,
      env,
      scope: { ...scope, contexts: { ...contexts, env: { ...contexts.env as Record<string, ExpressionValue>, ...stepEnv } } },
      logger: setup.logger,
      masks,
      // After the job timed out, always() steps run under the runner's cancel timeout, not the spent job budget.
      timeoutMs: Math.max(1, Math.min(stepLimit, cancelled ? CANCEL_TIMEOUT_MS : deadline - Date.now())),
      addPostStep: (name, run, condition = "always()") => postSteps.unshift({ name, condition, run }),
    };
    const outcome = await runStep(runtime);
    if (!outcome.ok && Date.now() >= deadline) cancelled = timedOut(setup, leg, timeoutMinutes);
    const continueOnError = continueOnErrorOf(step, scope, workflow);
    const result: Conclusion = outcome.ok ? "success" : "failure";
    const conclusion: Conclusion = outcome.ok || continueOnError ? "success" : "failure";
    steps.push({ name: stepName, id: step.id, outcome: result, conclusion, outputs: outcome.outputs, ...(outcome.failure ? { failure: mask(outcome.failure, masks) } : {}) });
    if (step.id) stepsContext[step.id] = { outcome: result, conclusion, outputs: outcome.outputs };
    Object.assign(addedEnv, await takeCommandFile(files.GITHUB_ENV));
    addedPath.unshift(...(await takePathFile(files.GITHUB_PATH)));
    const stepSummary = await readFile(files.GITHUB_STEP_SUMMARY, "utf8");
    await writeFile(files.GITHUB_STEP_SUMMARY, "");
    summary += stepSummary;
    if (!outcome.ok) {
      setup.logger.warn(`${leg.legName} › ${stepName}: ${mask(outcome.failure ?? "failed", masks)}${continueOnError ? " (continue-on-error)" : ""}`);
      if (!continueOnError) succeeded = false;
    }
  }
  contexts.job = { status: cancelled ? "cancelled" : succeeded ? "success" : "failure" };
  for (const post of postSteps) {
    const postScope: EvaluationScope = { contexts, status: { succeeded, cancelled }, location: { file: workflow.file, field: "post-if" } };
    if (!evaluateCondition(post.condition, postScope)) {
      setup.logger.info(`  ○ ${post.name}: skipped (post-if: ${post.condition})`);
      continue;
    }
    try {
      await post.run();
    } catch (error) {
      setup.logger.warn(`${post.name}: ${(error as Error).message}`);
    }
  }
  contexts.steps = stepsContext;
  const outputs = Object.fromEntries(
    Object.entries(job.outputs).map(([name, template]) => [name, interpolateText(template, { contexts, location: workflow.locate([...job.path, "outputs", name]) })]),
  );
  if (summary) await appendFile(join(input.dir, "summary.md"), `## ${leg.legName}\n\n${summary}\n`);
  const conclusion: Conclusion = succeeded || job.continueOnError ? "success" : "failure";
  setup.logger.info(`  ${conclusion === "success" ? "✓" : "✗"} job ${leg.legName}: ${conclusion}`);
  return { jobId: job.id, name: leg.legName, ...(leg.matrix ? { matrix: leg.matrix } : {}), conclusion, steps, outputs, summary, workspace: paths.workspace };
}

async function runStep(runtime: StepRuntime): Promise<StepOutcome> {
  const { step } = runtime;
  if (step.run !== undefined) return runShellStep(runtime);
  const uses = step.uses!;
  const withValues = Object.fromEntries(
    Object.entries(step.with).map(([name, value]) => [
      name,
      typeof value === "string" ? interpolate(value, { ...runtime.scope, location: runtime.workflow.locate([...step.path, "with", name], name) }) : (value as ExpressionValue),
    ]),
  );
  if (uses.startsWith("./")) return runLocalAction(runtime, uses, withValues);
  if (uses.startsWith("docker://")) throw new ConfigError(`job '${runtime.job.id}', step '${runtime.stepName}': docker actions are not supported by the local runner`, runtime.workflow.locate([...step.path, "uses"]));
  return runPrepAction(runtime, uses, withValues);
}

/**
 * `continue-on-error`: a boolean; from an expression, the boolean it gives, or the text `true` /
 * `false` read as that boolean (as GitHub converts it), anything else an error at its line.
 */
function continueOnErrorOf(step: WorkflowStep, scope: EvaluationScope, workflow: Workflow): boolean {
  if (typeof step.continueOnError !== "string") return step.continueOnError;
  const location = workflow.locate([...step.path, "continue-on-error"], "continue-on-error");
  const value = interpolate(step.continueOnError, { ...scope, location });
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw new ConfigError(`continue-on-error must be a boolean, got ${JSON.stringify(value)}`, location);
}

function timedOut(setup: RunnerSetup, leg: LegInput, minutes: number): boolean {
  setup.logger.warn(`${leg.legName}: the job has exceeded the maximum execution time of ${minutes} minutes (timeout-minutes)`);
  return true;
}

function displayName(step: WorkflowStep, contexts: ExpressionContexts, workflow: Workflow): string {
  if (step.name) return interpolateText(step.name, { contexts, location: workflow.locate([...step.path, "name"]) });
  if (step.uses) return `Run ${step.uses}`;
  return `Run ${(step.run ?? "").trim().split("\n")[0]!.slice(0, 60)}`;
}

function evaluateEnv(env: Record<string, unknown>, contexts: ExpressionContexts, workflow: Workflow, path: readonly (string | number)[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, typeof value === "string" ? interpolateText(value, { contexts, location: workflow.locate([...path, name], name) }) : value === null ? "" : String(value)]),
  );
}

function secretsContext(setup: RunnerSetup): Record<string, ExpressionValue> {
  return { GITHUB_TOKEN: setup.token, ...setup.secrets };
}

/** The process environment of a step: a clean base (PATH, HOME, locale), never the caller's secrets. */
function processEnv(variables: Record<string, string>, addedPath: string[]): Record<string, string> {
  const base: Record<string, string> = {};
  // The SSH ones reach an SSH origin the way the runner's own checkout did, as a hosted runner's deploy key would.
  for (const name of ["HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "SHELL", "npm_config_cache", "SSH_AUTH_SOCK", "GIT_SSH_COMMAND", "GIT_SSH"]) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  const path = [...addedPath, process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin"].join(":");
  return { ...base, PATH: path, ...variables };
}
