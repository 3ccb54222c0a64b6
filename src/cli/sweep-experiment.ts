import { RemoteError } from "../errors.js";
import type { GitHubTarget } from "../github/dispatch-workflows.js";
import { githubFromEnv } from "../github/github-from-env.js";
import type { SweepResult } from "../tracking/sweep.js";
import type { CommandContext } from "./command.js";

export interface ProposeOptions {
  sweep: { branch: string; commit?: string; result: SweepResult };
  /** The clone to push from. */
  dir: string;
  experiment: string;
  /** OWNER/REPO to open the pull request on. */
  pr?: string;
}

/** Pushes the best config as the experiment branch (on the swept commit when known) and opens its pull request. */
export async function proposeExperiment(options: ProposeOptions, context: CommandContext): Promise<void> {
  const [{ openGitRepo }, { gitAccessFromEnv }, { openExperimentBranch }] = await Promise.all([import("../gitops/isomorphic-git-repo.js"), import("../gitops/git-access.js"), import("../tracking/experiment-branch.js")]);
  const [owner, repo] = options.pr ? options.pr.split("/") : [];
  const github = owner && repo ? await githubFromEnv(context.env, context.env.GITHUB_TOKEN ?? "", { owner, repo }) : undefined;
  const opened = await openExperimentBranch({
    repo: openGitRepo({ dir: options.dir, ...gitAccessFromEnv(context.env) }),
    base: options.sweep.branch,
    branch: options.experiment,
    sweep: options.sweep.result,
    ...(options.sweep.commit ? { parent: options.sweep.commit } : {}),
    now: new Date(),
    ...(github ? { github } : {}),
  }).catch((error: unknown) => {
    // GitHub's 403 when the repository setting is off (it is by default).
    if (/not permitted to create or approve pull requests/i.test((error as Error).message)) {
      throw new RemoteError(
        `${(error as Error).message} The experiment branch ${options.experiment} was pushed; its pull request was not opened`,
        { field: "pull-requests" },
        'turn on Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create and approve pull requests", then run the sweep again or open the pull request by hand',
      );
    }
    throw error;
  });
  if (opened.baseMovedTo) context.logger.warn(`${options.sweep.branch} moved to ${opened.baseMovedTo.slice(0, 12)} since the sweep; ${options.experiment} is built on the swept ${opened.parent.slice(0, 12)}`);
  context.out(`pushed ${options.experiment} (${opened.commit.slice(0, 12)}, on ${options.sweep.branch} at ${opened.parent.slice(0, 12)})${opened.pullRequest ? `; pull request #${opened.pullRequest.number}: ${opened.pullRequest.htmlUrl}` : ""}`);
  if (opened.pullRequest && github) await dispatchReport(github, opened.pullRequest.number, options.experiment, context);
}

export const PR_REPORT_WORKFLOW = "pr-report.yml";

/**
 * A pull request opened with GITHUB_TOKEN starts no `pull_request` run (GitHub: events made with
 * GITHUB_TOKEN start no workflow, except workflow_dispatch and repository_dispatch), so the sweep
 * dispatches the report itself, from the default branch (needs actions: write).
 */
async function dispatchReport(github: GitHubTarget, number: number, head: string, context: CommandContext): Promise<void> {
  const ref = (await github.api.getRepo(github.repo)).defaultBranch;
  try {
    await github.api.dispatchWorkflow(github.repo, PR_REPORT_WORKFLOW, ref, { pr: String(number), head });
  } catch (error) {
    throw new RemoteError(`pull request #${number} is open, but dispatching ${PR_REPORT_WORKFLOW} for it failed: ${(error as Error).message}`, { field: "actions" }, "give the job permissions: actions: write, or run the report by hand: gh workflow run pr-report.yml -f pr=<number> -f head=<branch>");
  }
  context.out(`dispatched ${PR_REPORT_WORKFLOW} on ${ref} for pull request #${number} (a pull request opened with GITHUB_TOKEN starts no pull_request run)`);
}
