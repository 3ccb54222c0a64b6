import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { ConfigError, GitError, UsageError } from "../errors.js";
import { decideTrigger, triggersOf, type RunnerEvent, type RunnerEventName } from "./event-filter.js";
import { dispatchPayload, pullRequestPayload, pushPayload, schedulePayload, type CommitInfo } from "./event-payloads.js";
import { git, ZERO_SHA } from "./git-cli.js";
import { checkLocalActionInputs } from "./local-action.js";
import { OriginMirror } from "./origin-mirror.js";
import { parseWorkflow, type Workflow } from "./parse-workflow.js";
import type { RunnerSetup } from "./runner-setup.js";
import { runWorkflow, type WorkflowRunResult } from "./run-workflow.js";

export const WORKFLOWS_DIR = ".github/workflows";

export interface PlayEventOptions {
  event: RunnerEventName;
  /** push: the branch pushed; pull_request: the head branch; workflow_dispatch: the ref to run on. */
  branch?: string;
  /** push: the branch's commit before the push (default: the parent of its tip; zeros = new branch). */
  before?: string;
  /** pull_request: base branch (default: `<team>/<SYMBOL>` for `exp/<team>/<SYMBOL>/…`, else the default branch). */
  base?: string;
  pullRequest?: { number?: number; action?: string; title?: string; body?: string };
  /** schedule: the cron line that fired (default: each workflow's first). */
  schedule?: string;
  /** workflow_dispatch inputs, as text. */
  inputs?: Record<string, string>;
  /** Only this workflow file (name such as `pipeline.yml`, or a path ending in it). */
  workflow?: string;
  /** Merged over the generated event payload (e.g. a recorded webhook body). */
  payload?: Record<string, unknown>;
}

export interface PlayEventResult {
  event: RunnerEvent;
  runs: WorkflowRunResult[];
  /** Workflows that did not start, and why. */
  notStarted: { file: string; reason: string }[];
}

/**
 * Plays one event against the origin the way GitHub would: builds the event and its payload, reads the
 * workflow files at the event's commit, keeps those whose `on:` matches, and runs them one by one.
 */
export async function playEvent(setup: RunnerSetup, options: PlayEventOptions): Promise<PlayEventResult> {
  const mirror = new OriginMirror(setup.root, setup.originUrl);
  await mirror.refresh();
  const event = await buildEvent(setup, mirror, options);
  const files = (await mirror.listFiles(event.sha, WORKFLOWS_DIR)).filter((file) => /\.ya?ml$/.test(file));
  const selected = options.workflow ? files.filter((file) => file === options.workflow || basename(file) === basename(options.workflow!)) : files;
  if (options.workflow && selected.length === 0) {
    throw new UsageError(`no workflow '${options.workflow}' in ${WORKFLOWS_DIR} at ${event.ref} (${files.map((file) => basename(file)).join(", ") || "none"})`);
  }
  if (event.name === "workflow_dispatch" && selected.length !== 1) {
    throw new UsageError(`workflow_dispatch starts one workflow: name it with --workflow (${files.map((file) => basename(file)).join(", ") || "none"})`);
  }
  const workflows: Workflow[] = [];
  for (const file of selected) workflows.push(parseWorkflow((await mirror.readFile(event.sha, file)) ?? "", file));
  const runs: WorkflowRunResult[] = [];
  const notStarted: { file: string; reason: string }[] = [];
  for (const workflow of workflows) {
    if (event.name === "workflow_dispatch") event.payload = { ...event.payload, workflow: workflow.file };
    if (event.name === "schedule" && options.schedule === undefined) event.schedule = firstCron(workflow);
    const decision = decideTrigger(workflow, event);
    if (!decision.runs) {
      notStarted.push({ file: workflow.file, reason: decision.reason });
      setup.logger.info(`○ ${workflow.file}: not started (${decision.reason})`);
      continue;
    }
    if (event.name === "schedule") event.payload = { ...event.payload, schedule: event.schedule };
    for (const warning of await checkLocalActionInputs(workflow, (path) => mirror.readFile(event.sha, path))) setup.logger.warn(warning);
    const inputs = decision.inputs ?? {};
    const run = await nextRunIdentity(setup, workflow);
    runs.push(await runWorkflow(setup, workflow, event, run, inputs));
  }
  return { event, runs, notStarted };
}

async function buildEvent(setup: RunnerSetup, mirror: OriginMirror, options: PlayEventOptions): Promise<RunnerEvent> {
  switch (options.event) {
    case "push":
      return pushEvent(setup, mirror, options);
    case "pull_request":
      return pullRequestEvent(setup, mirror, options);
    case "schedule": {
      const sha = await tip(mirror, setup.defaultBranch);
      return merge({ name: "schedule", ref: `refs/heads/${setup.defaultBranch}`, sha, payload: schedulePayload(setup, options.schedule ?? ""), ...(options.schedule ? { schedule: options.schedule } : {}) }, options.payload);
    }
    case "workflow_dispatch": {
      const branch = options.branch ?? setup.defaultBranch;
      const sha = await tip(mirror, branch);
      const inputs = options.inputs ?? {};
      return merge({ name: "workflow_dispatch", ref: `refs/heads/${branch}`, sha, inputs, payload: dispatchPayload(setup, `refs/heads/${branch}`, options.workflow ?? "", inputs) }, options.payload);
    }
  }
}

async function pushEvent(setup: RunnerSetup, mirror: OriginMirror, options: PlayEventOptions): Promise<RunnerEvent> {
  const branch = options.branch ?? setup.defaultBranch;
  const after = await tip(mirror, branch);
  const before = options.before ?? (await mirror.parent(after)) ?? ZERO_SHA;
  const changedFiles = await mirror.changedFiles(before, after);
  const commits = await commitsBetween(mirror, before, after);
  return merge({ name: "push", ref: `refs/heads/${branch}`, sha: after, changedFiles, payload: pushPayload(setup, `refs/heads/${branch}`, before, after, commits) }, options.payload);
}

async function pullRequestEvent(setup: RunnerSetup, mirror: OriginMirror, options: PlayEventOptions): Promise<RunnerEvent> {
  if (!options.branch) throw new UsageError("pull_request needs the head branch (--branch)");
  const head = options.branch;
  const base = options.base ?? (/^exp\/([^/]+)\/([^/]+)\//.exec(head)?.slice(1, 3).join("/") || setup.defaultBranch);
  const [headSha, baseSha] = [await tip(mirror, head), await tip(mirror, base)];
  const number = options.pullRequest?.number ?? (await nextPullNumber(setup));
  const mergeSha = await mirror.publishPullRequestRefs(number, baseSha, headSha);
  await mirror.refresh();
  await git(["fetch", "--quiet", setup.originUrl, `refs/pull/${number}/merge`], { cwd: mirror.dir });
  const mergeBase = (await mirror.mergeBase(baseSha, headSha)) ?? baseSha;
  const changedFiles = await mirror.changedFiles(mergeBase, headSha);
  const action = options.pullRequest?.action ?? "opened";
  const payload = pullRequestPayload(setup, {
    number,
    action,
    title: options.pullRequest?.title ?? `${head} into ${base}`,
    body: options.pullRequest?.body ?? "",
    head: { ref: head, sha: headSha },
    base: { ref: base, sha: baseSha },
    mergeSha,
    changedFiles: changedFiles.length,
  });
  const event = merge({ name: "pull_request", ref: `refs/pull/${number}/merge`, sha: mergeSha, action, baseRef: base, headRef: head, changedFiles, payload }, options.payload);
  setup.onPullRequest?.(setup.repository, event.payload.pull_request as Record<string, unknown>);
  return event;
}

async function tip(mirror: OriginMirror, branch: string): Promise<string> {
  const sha = await mirror.branchCommit(branch);
  if (!sha) throw new GitError(`the origin has no branch '${branch}'`, { field: branch });
  return sha;
}

async function commitsBetween(mirror: OriginMirror, before: string, after: string): Promise<CommitInfo[]> {
  const range = before === ZERO_SHA ? ["-n", "1", after] : [`${before}..${after}`, "-n", "20"];
  const log = await git(["log", "--reverse", "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s", ...range], { cwd: mirror.dir });
  const commits: CommitInfo[] = [];
  for (const line of log.split("\n").filter(Boolean)) {
    const [sha = "", name = "", email = "", timestamp = "", message = ""] = line.split("\x1f");
    const status = await git(["diff-tree", "--no-commit-id", "--root", "--name-status", "-r", sha], { cwd: mirror.dir });
    const changes = status.split("\n").filter(Boolean).map((entry) => entry.split("\t"));
    const pick = (code: string) => changes.filter(([kind]) => kind?.startsWith(code)).map(([, path]) => path!);
    commits.push({ sha, message, author: { name, email }, timestamp, added: pick("A"), modified: pick("M"), removed: pick("D") });
  }
  return commits;
}

function merge(event: RunnerEvent, extra: Record<string, unknown> | undefined): RunnerEvent {
  return extra ? { ...event, payload: deepMerge(event.payload, extra) } : event;
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = result[key];
    result[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstCron(workflow: Workflow): string | undefined {
  const schedule = triggersOf(workflow).schedule;
  return Array.isArray(schedule) ? (schedule[0] as { cron?: string } | undefined)?.cron : undefined;
}

interface RunCounter {
  lastRunId: number;
  runNumbers: Record<string, number>;
  lastPullNumber: number;
}

async function readCounter(setup: RunnerSetup): Promise<RunCounter> {
  const text = await readFile(join(setup.root, "counters.json"), "utf8").catch(() => undefined);
  if (!text) return { lastRunId: 0, runNumbers: {}, lastPullNumber: 0 };
  try {
    return JSON.parse(text) as RunCounter;
  } catch {
    throw new ConfigError("not valid JSON", { file: join(setup.root, "counters.json") });
  }
}

async function writeCounter(setup: RunnerSetup, counter: RunCounter): Promise<void> {
  await mkdir(setup.root, { recursive: true });
  await writeFile(join(setup.root, "counters.json"), `${JSON.stringify(counter, null, 2)}\n`);
}

async function nextRunIdentity(setup: RunnerSetup, workflow: Workflow) {
  const counter = await readCounter(setup);
  counter.lastRunId += 1;
  counter.runNumbers[workflow.file] = (counter.runNumbers[workflow.file] ?? 0) + 1;
  await writeCounter(setup, counter);
  return { runId: counter.lastRunId, runNumber: counter.runNumbers[workflow.file]!, workflowName: workflow.name, workflowFile: workflow.file };
}

async function nextPullNumber(setup: RunnerSetup): Promise<number> {
  const counter = await readCounter(setup);
  counter.lastPullNumber += 1;
  await writeCounter(setup, counter);
  return counter.lastPullNumber;
}
