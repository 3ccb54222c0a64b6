// The rules of ../shared/design/HARDENING.md's Workflows section as checks over a workflow file's text.
// Each rule returns the violations it finds ("<job>: <what>"), so a test can show it passes on every
// file in .github/workflows/ and fails on a bad example.
import { parse } from "yaml";

type Json = Record<string, any>;

export interface WorkflowFile {
  name: string;
  text: string;
  doc: Json;
}

export function readWorkflow(name: string, text: string): WorkflowFile {
  return { name, text, doc: (parse(text) ?? {}) as Json };
}

export type Rule = (workflow: WorkflowFile) => string[];

const jobsOf = (workflow: WorkflowFile): [string, Json][] => Object.entries((workflow.doc.jobs ?? {}) as Record<string, Json>);
const stepsOf = (job: Json): Json[] => (Array.isArray(job.steps) ? job.steps : []);
const triggersOf = (workflow: WorkflowFile): Json => {
  const on = workflow.doc.on;
  if (typeof on === "string") return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((name: string) => [name, {}]));
  return (on ?? {}) as Json;
};

/** `run:` scripts in which `${{ … }}` is allowed anyway (none so far: values travel through env:). */
export const EXPRESSION_IN_RUN_ALLOW_LIST: readonly string[] = [];

/** A `stockops sweep` command line that passes `flag` (e.g. --experiment, which pushes the best config as a branch). */
const SWEEP_WITH = (flag: string) => new RegExp(`\\bstockops(\\.js)?\\s+sweep\\b[^\\n]*\\s${flag}\\b`);

/** Jobs that write to the repository: our publishing/trading actions, branch creation, a sweep's experiment branch, or a git push. */
export function jobPushes(job: Json): boolean {
  return stepsOf(job).some(
    (step) =>
      /^\.\/actions\/(publish|trade|monitor)$/.test(String(step.uses ?? "")) ||
      /\bgit\s+push\b|\bstockops(\.js)?\s+branches\s+sync\b/.test(String(step.run ?? "")) ||
      SWEEP_WITH("--experiment").test(String(step.run ?? "")),
  );
}

/** Jobs that write a ledger (trading) or a model branch's version history: a queued run must never be cancelled. */
export function jobWritesLedger(job: Json): boolean {
  return jobPushes(job);
}

/** The PR report comments; a sweep with --pr opens the pull request of its experiment branch. */
function jobWritesPullRequests(job: Json): boolean {
  return stepsOf(job).some((step) => String(step.uses ?? "") === "./actions/report" || SWEEP_WITH("--pr").test(String(step.run ?? "")));
}

/** The monitor opens issues and dispatches retraining: the only job that may write issues. */
function jobMonitors(job: Json): boolean {
  return stepsOf(job).some((step) => String(step.uses ?? "") === "./actions/monitor");
}

/** A `stockops branches sync` command line that passes --dispatch (the bootstrap's first training of the branches it creates). */
const BRANCHES_SYNC_DISPATCH = /\bstockops(\.js)?\s+branches\s+sync\b[^\n]*\s--dispatch\b/;

/**
 * Jobs that dispatch workflows (the monitor, data.yml's retraining of the branches that follow main's data,
 * bootstrap.yml's first training of the branches it creates): the only ones that may write actions.
 */
function jobDispatches(job: Json): boolean {
  return (
    jobMonitors(job) ||
    stepsOf(job).some(
      (step) =>
        /\bstockops(\.js)?\s+data\s+dispatch\b/.test(String(step.run ?? "")) || BRANCHES_SYNC_DISPATCH.test(String(step.run ?? "")) || SWEEP_WITH("--pr").test(String(step.run ?? "")),
    )
  );
}

/** The image workflow pushes the serve image to GHCR: the only job that may write packages. */
function jobPushesImage(job: Json): boolean {
  return stepsOf(job).some((step) => /\bdocker\s+push\b/.test(String(step.run ?? "")));
}

function permissionsOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value === "string") return { "*": value };
  return value as Record<string, string>;
}

export const rules: Record<string, Rule> = {
  "no ${{ }} inside run: (inputs travel through env:)": (workflow) =>
    jobsOf(workflow).flatMap(([id, job]) =>
      stepsOf(job)
        .filter((step) => typeof step.run === "string" && step.run.includes("${{") && !EXPRESSION_IN_RUN_ALLOW_LIST.includes(step.run))
        .map((step) => `${id}: run script '${String(step.name ?? step.run).split("\n")[0]}' contains \${{ }}`),
    ),

  "no pull_request_target or workflow_run trigger": (workflow) =>
    ["pull_request_target", "workflow_run"].filter((name) => name in triggersOf(workflow)).map((name) => `on: ${name}`),

  "top-level permissions are read-only": (workflow) => {
    if (workflow.doc.permissions === undefined) return ["no top-level permissions: (the default token may be read-write)"];
    const permissions = permissionsOf(workflow.doc.permissions);
    return Object.entries(permissions)
      .filter(([, level]) => !["read", "none", "read-all"].includes(level))
      .map(([scope, level]) => `top-level permissions: ${scope}: ${level}`);
  },

  "contents: write only on jobs that commit, pull-requests: write only on jobs that comment on or open pull requests, issues: write only on the monitor, actions: write only on jobs that dispatch": (workflow) =>
    jobsOf(workflow).flatMap(([id, job]) => {
      const permissions = permissionsOf(job.permissions);
      const problems: string[] = [];
      if (permissions["*"] === "write-all") problems.push(`${id}: permissions: write-all`);
      if (permissions.contents === "write" && !jobPushes(job)) problems.push(`${id}: contents: write but the job does not commit`);
      if (permissions["pull-requests"] === "write" && !jobWritesPullRequests(job)) problems.push(`${id}: pull-requests: write but the job neither comments on nor opens a pull request`);
      for (const [scope, level] of Object.entries(permissions)) {
        const deploysPages = (scope === "pages" || scope === "id-token") && stepsOf(job).some((step) => String(step.uses ?? "").startsWith("actions/deploy-pages@"));
        const allowed = (scope === "issues" && jobMonitors(job)) || (scope === "actions" && jobDispatches(job)) || (scope === "packages" && jobPushesImage(job));
        if (level === "write" && scope !== "contents" && scope !== "pull-requests" && !deploysPages && !allowed) problems.push(`${id}: ${scope}: write is not needed by this job`);
      }
      return problems;
    }),

  "checkouts in jobs that do not push use persist-credentials: false": (workflow) =>
    jobsOf(workflow).flatMap(([id, job]) =>
      jobPushes(job)
        ? []
        : stepsOf(job)
            .filter((step) => String(step.uses ?? "").startsWith("actions/checkout@") && step.with?.["persist-credentials"] !== false)
            .map(() => `${id}: actions/checkout without persist-credentials: false`),
    ),

  "every non-local uses: is pinned to a 40-hex SHA with a # vX.Y.Z comment": (workflow) =>
    workflow.text
      .split("\n")
      .map((line, index) => ({ line, number: index + 1, match: /^\s*-?\s*uses:\s*(\S+)(.*)$/.exec(line) }))
      .filter(({ match }) => match && !match[1]!.startsWith("./") && !match[1]!.startsWith("docker://"))
      .filter(({ match }) => !/^[^@]+@[0-9a-f]{40}$/.test(match![1]!) || !/^\s*#\s*v\d+\.\d+\.\d+\s*$/.test(match![2]!))
      .map(({ number, line }) => `line ${number}: ${line.trim()}`),

  "npm ci, never npm install": (workflow) =>
    jobsOf(workflow).flatMap(([id, job]) =>
      stepsOf(job)
        .filter((step) => /\bnpm\s+(install|i|add)\b/.test(String(step.run ?? "")))
        .map((step) => `${id}: '${String(step.run).split("\n")[0]}' (use npm ci)`),
    ),

  "concurrency on every job that pushes or trades, per workflow and branch or team, never cancelling a ledger writer": (workflow) =>
    jobsOf(workflow).flatMap(([id, job]) => {
      if (!jobPushes(job)) return [];
      const concurrency = job.concurrency as Json | string | undefined;
      if (concurrency === undefined) return [`${id}: pushes but has no concurrency:`];
      const group = typeof concurrency === "string" ? concurrency : String(concurrency.group ?? "");
      const problems: string[] = [];
      if (!/\$\{\{[^}]*(ref|branch|team)[^}]*\}\}/.test(group)) problems.push(`${id}: concurrency group '${group}' is not per branch or team`);
      if (!/^[a-z][a-z-]*-\$\{\{/.test(group)) problems.push(`${id}: concurrency group '${group}' does not start with the workflow's name`);
      if (jobWritesLedger(job) && (typeof concurrency === "string" || concurrency["cancel-in-progress"] !== false)) {
        problems.push(`${id}: writes a ledger or version history but does not set cancel-in-progress: false`);
      }
      return problems;
    }),

  "cron minute is one number that is not 0": (workflow) =>
    ((triggersOf(workflow).schedule ?? []) as Json[])
      .map((entry) => String(entry.cron ?? ""))
      .filter((cron) => {
        const minute = cron.trim().split(/\s+/)[0] ?? "";
        return !/^\d+$/.test(minute) || Number(minute) === 0 || Number(minute) > 59;
      })
      .map((cron) => `cron '${cron}': minute must be a single number 1–59`),

  "a scheduled trading workflow also has workflow_dispatch and gives the trade action the schedule's slot": (workflow) => {
    const tradeSteps = jobsOf(workflow).flatMap(([id, job]) => stepsOf(job).filter((step) => step.uses === "./actions/trade").map((step) => ({ id, step })));
    if (tradeSteps.length === 0) return [];
    const triggers = triggersOf(workflow);
    const problems: string[] = [];
    if (!("workflow_dispatch" in triggers)) problems.push("trades but cannot be run by hand (no workflow_dispatch)");
    for (const { id, step } of tradeSteps) {
      if ("schedule" in triggers && !/github\.event\.schedule/.test(String(step.with?.schedule ?? ""))) {
        problems.push(`${id}: the trade step is not given schedule: \${{ github.event.schedule }}, so its date would come from the start clock`);
      }
    }
    return problems;
  },
};
