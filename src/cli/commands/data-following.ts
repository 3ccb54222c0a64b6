import { join } from "node:path";
import { BRANCHES_FILE, readBranchesConfig } from "../../config/read-branches-config.js";
import { UsageError } from "../../errors.js";
import { githubFromEnv } from "../../github/github-from-env.js";
import { gitAccessFromEnv } from "../../gitops/git-access.js";
import { openGitRepo } from "../../gitops/isomorphic-git-repo.js";
import type { CommandContext, ParsedArgs } from "../command.js";

/** `stockops data follow`: the checkout of a model branch gets main's data.dvc unless the branch pins its own. */
export async function followHandler(args: ParsedArgs, context: CommandContext, repoRoot: string): Promise<number> {
  const { followData } = await import("../../dvc/follow/follow-data.js");
  const from = text(args, "from") ?? "main";
  const outcome = await followData({ repo: openGitRepo({ dir: repoRoot, ...gitAccessFromEnv(context.env) }), dir: repoRoot, from });
  switch (outcome.action) {
    case "not-dvc":
      context.out(`[data] source = "${outcome.source}": no data.dvc to follow`);
      break;
    case "pinned":
      context.out(`[data] pin = true: keeping this branch's data.dvc (${outcome.dataVersion})`);
      break;
    case "followed": {
      const was = outcome.previous === undefined ? "none" : outcome.previous === outcome.dataVersion ? "the same" : outcome.previous;
      context.out(`data.dvc ← ${outcome.from.branch}@${outcome.from.commit.slice(0, 12)}: ${outcome.dataVersion} (the checkout's own was ${was})`);
    }
  }
  return 0;
}

/** `stockops data dispatch`: after a new data.dvc on main, retrain every model branch that follows it. */
export async function dispatchHandler(args: ParsedArgs, context: CommandContext, repoRoot: string): Promise<number> {
  const { dispatchDataFollowers } = await import("../../dvc/follow/dispatch-data-followers.js");
  const dryRun = Boolean(args.values["dry-run"]);
  const from = text(args, "from") ?? "main";
  const token = context.env.GITHUB_TOKEN || undefined;
  if (!token && !dryRun) throw new UsageError("GITHUB_TOKEN is not set: nothing can be dispatched; set it to a token with actions: write, or pass --dry-run", { field: "GITHUB_TOKEN" });
  const github = dryRun ? undefined : await githubFromEnv(context.env, token!);
  const result = await dispatchDataFollowers({
    repo: openGitRepo({ dir: repoRoot, ...gitAccessFromEnv(context.env) }),
    branches: await readBranchesConfig(join(repoRoot, BRANCHES_FILE)),
    github,
    // pipeline.yml runs from the default branch (its current workflow file) and checks out the model branch it is given.
    ref: github ? (await github.api.getRepo(github.repo)).defaultBranch : from,
    workflow: text(args, "workflow") ?? "pipeline.yml",
    from,
    logger: context.logger,
  });
  const width = Math.max(...result.steps.map((step) => step.branch.length), 6);
  for (const step of result.steps) {
    const what = !step.dispatch ? "left" : result.dispatched.includes(step.branch) ? "dispatched" : "would dispatch";
    context.out(`${step.branch.padEnd(width)}  ${what.padEnd(14)}  ${step.reason}`);
  }
  context.out(`${dryRun ? `${result.steps.filter((step) => step.dispatch).length} would be dispatched` : `${result.dispatched.length} dispatched`} of ${result.steps.length} branches`);
  return 0;
}

function text(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}
