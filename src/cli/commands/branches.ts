import { join, resolve } from "node:path";
import { readBranchesConfig, BRANCHES_FILE } from "../../config/read-branches-config.js";
import { UsageError } from "../../errors.js";
import { assertAllDispatched, dispatchBranchWorkflows, type BranchDispatch, type GitHubTarget } from "../../github/dispatch-workflows.js";
import { githubFromEnv } from "../../github/github-from-env.js";
import { gitAccessFromEnv } from "../../gitops/git-access.js";
import { openGitRepo } from "../../gitops/isomorphic-git-repo.js";
import { resolveRemoteAddress } from "../../gitops/remote-url.js";
import { planNewBranchDispatch } from "../../gitops/plan-new-branch-dispatch.js";
import { syncBranches, type BranchSyncResult } from "../../gitops/sync-branches.js";
import type { Command, CommandContext, ParsedArgs } from "../command.js";

const OUTCOME_TEXT: Record<BranchSyncResult["outcome"], string> = {
  created: "created",
  "would-create": "would create",
  untouched: "exists, untouched",
  "created-meanwhile": "created by someone else meanwhile, untouched",
};

const command: Command = {
  name: "branches",
  summary: "Create the missing team × symbol model branches listed in branches.json (branches sync)",
  usage: "sync [--dir DIR] [--remote URL] [--base BRANCH] [--dispatch [--workflow FILE]] [--dry-run] | migrate-workflows [--dir DIR] [--remote URL] [--base BRANCH] [--dry-run]",
  allowPositionals: true,
  options: {
    dir: { type: "string", description: "Checkout of main holding branches.json", default: ".", valueName: "DIR" },
    remote: { type: "string", description: "Remote URL to read and push branches (default: the checkout's origin)", valueName: "URL" },
    base: { type: "string", description: "Branch new model branches start from", default: "main", valueName: "BRANCH" },
    dispatch: { type: "boolean", description: "Then dispatch the pipeline workflow for each branch created (needs GITHUB_TOKEN with actions: write)" },
    workflow: { type: "string", description: "Workflow --dispatch runs, with input branch", default: "pipeline.yml", valueName: "FILE" },
    "dry-run": { type: "boolean", description: "Print what would be created and dispatched; change nothing" },
  },
  details: `Each missing <team>/<SYMBOL> branch starts from --base plus a default stockops.toml (data source
"package" for the embedded AAPL and SPX, "dvc" following main's data.dvc otherwise; model kind "ridge"), one commit and one push
each, never forced. Existing branches are left as they are. A token in GITHUB_TOKEN is used for HTTPS.

A push made with GITHUB_TOKEN starts no workflow, so on GitHub a new branch is not trained by its creation.
--dispatch then dispatches --workflow (from the default branch, input branch) once for each branch this run
created; existing branches and those someone else created meanwhile are not dispatched. A refused dispatch
does not stop the others; the command then fails naming the branches left untrained.
Environment: GITHUB_TOKEN (HTTPS git; with --dispatch, actions: write), GITHUB_REPOSITORY, GITHUB_API_URL.

migrate-workflows copies --base's .github/workflows/pipeline.yml and pr-report.yml onto every model branch
whose copies differ (one commit per branch, never forced), so pushes and pull requests run main's code on the
branch's files (docs/decisions/0020). GitHub refuses a push that changes workflow files unless the token may
change workflows, which GITHUB_TOKEN never may: a person runs it with GITHUB_TOKEN set to their own token
(classic: repo + workflow scopes; fine-grained: Contents and Workflows read and write).

Example: stockops branches sync --dry-run
         stockops branches sync --dispatch
         GITHUB_TOKEN=$(gh auth token) stockops branches migrate-workflows --dry-run`,
  async run(args, context) {
    const [subcommand, ...extra] = args.positionals;
    if ((subcommand !== "sync" && subcommand !== "migrate-workflows") || extra.length > 0) {
      throw new UsageError(`expected 'stockops branches sync' or 'stockops branches migrate-workflows', got 'stockops branches ${args.positionals.join(" ")}'`);
    }
    if (subcommand === "migrate-workflows") return migrateWorkflows(args, context);
    const dir = resolve(context.cwd, String(args.values.dir ?? "."));
    const config = await readBranchesConfig(join(dir, BRANCHES_FILE));
    const remote = typeof args.values.remote === "string" ? args.values.remote : undefined;
    const token = context.env.GITHUB_TOKEN || undefined;
    const dryRun = Boolean(args.values["dry-run"]);
    // Before any push: a missing token or a wrong GITHUB_REPOSITORY must not leave new branches untrained.
    const github = args.values.dispatch && !dryRun ? await dispatchTarget(context, token) : undefined;
    const repo = openGitRepo({ dir, ...(remote ? { url: resolveRemoteAddress(remote, context.cwd) } : {}), ...gitAccessFromEnv(context.env) });
    const base = String(args.values.base ?? "main");
    const results = await syncBranches({ repo, config, base, dryRun, logger: context.logger });
    for (const result of results) {
      context.out(`${result.branch.padEnd(24)} ${OUTCOME_TEXT[result.outcome]}${result.commit ? ` (${result.commit.slice(0, 12)})` : ""}`);
    }
    const created = results.filter((result) => result.outcome === "created" || result.outcome === "would-create").length;
    context.out(`${created} ${dryRun ? "to create" : "created"}, ${results.length - created} left as they were`);
    if (!args.values.dispatch) return 0;
    // The workflow runs from the default branch (its current file) and checks out the model branch it is given.
    const planned = planNewBranchDispatch(results, { workflow: String(args.values.workflow ?? "pipeline.yml"), ref: github?.defaultBranch ?? base });
    await dispatchNewBranches(planned, github, context);
    return 0;
  },
};

async function migrateWorkflows(args: ParsedArgs, context: CommandContext): Promise<number> {
  const { migrateBranchWorkflows } = await import("../../gitops/migrate-branch-workflows.js");
  const dir = resolve(context.cwd, String(args.values.dir ?? "."));
  const config = await readBranchesConfig(join(dir, BRANCHES_FILE));
  const remote = typeof args.values.remote === "string" ? args.values.remote : undefined;
  const token = context.env.GITHUB_TOKEN || undefined;
  const repo = openGitRepo({ dir, ...(remote ? { url: remote } : {}), ...(token ? { token } : {}) });
  const results = await migrateBranchWorkflows({ repo, config, from: String(args.values.base ?? "main"), dryRun: Boolean(args.values["dry-run"]), logger: context.logger });
  for (const result of results) {
    context.out(`${result.branch.padEnd(24)} ${result.outcome}${result.files.length > 0 ? `: ${result.files.join(", ")}` : ""}${result.commit ? ` (${result.commit.slice(0, 12)})` : ""}`);
  }
  return 0;
}

async function dispatchTarget(context: CommandContext, token: string | undefined): Promise<GitHubTarget & { defaultBranch: string }> {
  if (!token) throw new UsageError("GITHUB_TOKEN is not set: --dispatch needs a token with actions: write; set it, or leave out --dispatch", { field: "GITHUB_TOKEN" });
  const github = await githubFromEnv(context.env, token);
  return { ...github, defaultBranch: (await github.api.getRepo(github.repo)).defaultBranch };
}

/** Without `github` (a dry run) it only says what would be dispatched. */
async function dispatchNewBranches(planned: readonly BranchDispatch[], github: GitHubTarget | undefined, context: CommandContext): Promise<void> {
  if (!github) {
    for (const { branch, dispatch } of planned) context.out(`${branch.padEnd(24)} would dispatch ${dispatch.workflow}`);
    return;
  }
  const outcome = await dispatchBranchWorkflows(github, planned, context.logger);
  for (const { branch, dispatch } of planned.filter(({ branch }) => outcome.dispatched.includes(branch))) {
    context.out(`${branch.padEnd(24)} dispatched ${dispatch.workflow} on ${dispatch.ref}`);
  }
  context.out(`${outcome.dispatched.length} of ${planned.length} new branches dispatched`);
  assertAllDispatched(outcome);
}

export default command;
