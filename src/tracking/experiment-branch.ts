import { MODEL_CONFIG_FILE } from "../config/read-model-config.js";
import { GitError } from "../errors.js";
import { GITHUB_ACTIONS_BOT, type GitIdentity, type GitRepo } from "../gitops/git-repo.js";
import type { GitHubApi, RepoRef } from "../github/github-api.js";
import { markdownTable } from "../report/markdown-table.js";
import { describePoint } from "./sweep-grid.js";
import type { SweepResult, SweepTrial } from "./sweep.js";

export interface ExperimentBranchOptions {
  repo: GitRepo;
  /** The model branch the sweep ran on (`red/AAPL`), also the pull request's base. */
  base: string;
  /** New branch, e.g. `exp/red/AAPL/sweep-20260120`. */
  branch: string;
  sweep: SweepResult;
  /** The commit of `base` the sweep ran on (`--on`); the new branch is built on it. Default: base's remote head. */
  parent?: string;
  now: Date;
  author?: GitIdentity;
  /** With both, a pull request is opened from `branch` into `base`. */
  github?: { api: GitHubApi; repo: RepoRef };
}

export interface ExperimentBranchResult {
  commit: string;
  /** The commit the new branch is built on. */
  parent: string;
  /** Base's remote head when it has moved past `parent` since the sweep. */
  baseMovedTo?: string;
  pullRequest?: { number: number; htmlUrl: string };
}

/**
 * Commits the best trial's stockops.toml on top of the commit the sweep ran on (else the base branch's remote
 * head) as a new branch and pushes it (never forced: an existing branch of that name is an error), then opens
 * a pull request so the tuned config goes through the same review, PR report and gate as any other change.
 */
export async function openExperimentBranch(options: ExperimentBranchOptions): Promise<ExperimentBranchResult> {
  const best = options.sweep.best;
  if (!best?.config) throw new GitError(options.sweep.refused ?? "the sweep has no successful trial to propose", { field: "sweep" });
  const { repo, base, branch } = options;
  if (Object.keys(await repo.listRemoteRefs(`refs/heads/${branch}`)).includes(`refs/heads/${branch}`)) {
    throw new GitError(`branch ${branch} already exists on the remote; pick another name`, { field: "branch" });
  }
  const head = await repo.fetchBranch(base);
  if (!head) throw new GitError(`branch ${base} does not exist on the remote`, { field: "base" });
  const parent = options.parent ?? head;
  if (!(await repo.resolveRef(parent))) {
    throw new GitError(`commit ${parent} the sweep ran on is not in ${repo.dir} nor in ${base}'s history on the remote; collect in a clone that has it`, { field: "parent" });
  }
  const subject = `sweep: ${describePoint(best.point)} (validation MAE ${best.metrics!.validation_mae.toFixed(4)}, best of ${options.sweep.trials.length})`;
  const commit = await repo.commitFiles({
    parent,
    changes: { [MODEL_CONFIG_FILE]: best.config },
    message: `${subject}\n\n${sweepSummary(options.sweep)}\n`,
    author: { ...(options.author ?? GITHUB_ACTIONS_BOT), timestamp: Math.floor(options.now.getTime() / 1000) },
  });
  await repo.push(branch, "branch", commit);
  const placed = { commit, parent, ...(parent !== head ? { baseMovedTo: head } : {}) };
  if (!options.github?.api.createPullRequest) return placed;
  const pull = await options.github.api.createPullRequest(options.github.repo, { title: subject, head: branch, base, body: sweepSummary(options.sweep) });
  return { ...placed, pullRequest: { number: pull.number, htmlUrl: pull.htmlUrl } };
}

/** Markdown: every trial with its numbers, best first; the choice is by validation MAE so the test span stays unseen. */
export function sweepSummary(sweep: SweepResult): string {
  const order = (trial: SweepTrial) => (trial.metrics ? trial.metrics.validation_mae : Number.POSITIVE_INFINITY);
  const rows = [...sweep.trials]
    .sort((a, b) => order(a) - order(b))
    .map((trial) => [
      trial === sweep.best ? `**${describePoint(trial.point)}**` : describePoint(trial.point),
      trial.status,
      trial.metrics ? trial.metrics.validation_mae.toFixed(4) : "",
      trial.metrics ? trial.metrics.test_mae.toFixed(4) : "",
      trial.metrics ? trial.metrics.skill_vs_naive.toFixed(4) : "",
      trial.error ?? "",
    ]);
  const missing = sweep.missing?.length ? `\n\nNo result from trial${sweep.missing.length > 1 ? "s" : ""} ${sweep.missing.join(", ")} (the matrix job failed before uploading it).` : "";
  return `Grid sweep, best by validation MAE (the test span did not influence the choice).${missing}\n\n${markdownTable(["config", "status", "validation MAE", "test MAE", "skill vs naive", "note"], rows, ["left", "left", "right", "right", "right", "left"])}`;
}
