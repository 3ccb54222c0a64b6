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
  });
  if (opened.baseMovedTo) context.logger.warn(`${options.sweep.branch} moved to ${opened.baseMovedTo.slice(0, 12)} since the sweep; ${options.experiment} is built on the swept ${opened.parent.slice(0, 12)}`);
  context.out(`pushed ${options.experiment} (${opened.commit.slice(0, 12)}, on ${options.sweep.branch} at ${opened.parent.slice(0, 12)})${opened.pullRequest ? `; pull request #${opened.pullRequest.number}: ${opened.pullRequest.htmlUrl}` : ""}`);
}
