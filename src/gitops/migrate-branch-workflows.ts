import type { BranchesConfig } from "../config/branches-config.js";
import { branchName } from "../config/branches-config.js";
import { GitError } from "../errors.js";
import type { Logger } from "../logger/logger.js";
import { GITHUB_ACTIONS_BOT, PushRejectedError, type GitIdentity, type GitRepo } from "./git-repo.js";

/**
 * The workflow files GitHub runs from a model branch's own commit (push to the branch, and a pull request
 * into it runs the merge commit's copy). Since decision 0020 their steps only call main's code; a branch
 * made before that still holds copies that run the branch's own code, and GITHUB_TOKEN cannot push a
 * commit that changes .github/workflows, so a person migrates the branches once with a token that can.
 */
export const BRANCH_WORKFLOWS = [".github/workflows/pipeline.yml", ".github/workflows/pr-report.yml"] as const;

export interface WorkflowMigration {
  branch: string;
  outcome: "updated" | "would-update" | "current" | "missing";
  /** The workflow files that differed from main's. */
  files: string[];
  commit?: string;
}

/** Copies main's BRANCH_WORKFLOWS onto each model branch whose copies differ; one commit and one push per branch, never forced. */
export async function migrateBranchWorkflows(options: {
  repo: GitRepo;
  config: BranchesConfig;
  from?: string;
  dryRun?: boolean;
  author?: GitIdentity;
  logger: Logger;
}): Promise<WorkflowMigration[]> {
  const { repo, logger } = options;
  const from = options.from ?? "main";
  const mainCommit = await repo.fetchBranch(from);
  if (!mainCommit) throw new GitError(`the branch '${from}' is not on the remote; expected the default branch whose workflows the model branches get`, { field: "from" });
  const wanted = new Map<string, Uint8Array | undefined>();
  for (const path of BRANCH_WORKFLOWS) wanted.set(path, await repo.readFile(mainCommit, path));
  const results: WorkflowMigration[] = [];
  for (const ref of options.config.branches) {
    const branch = branchName(ref);
    const tip = await repo.fetchBranch(branch);
    if (!tip) {
      results.push({ branch, outcome: "missing", files: [] });
      continue;
    }
    const changes: Record<string, Uint8Array | null> = {};
    for (const [path, bytes] of wanted) {
      const current = await repo.readFile(tip, path);
      if (!sameBytes(current, bytes)) changes[path] = bytes ?? null;
    }
    const files = Object.keys(changes);
    if (files.length === 0) {
      results.push({ branch, outcome: "current", files });
      continue;
    }
    if (options.dryRun) {
      results.push({ branch, outcome: "would-update", files });
      continue;
    }
    const commit = await repo.commitFiles({ parent: tip, changes, message: `ci: ${from}'s workflow files (${files.map((file) => file.split("/").at(-1)).join(", ")}), so runs use ${from}'s code (decision 0020)`, author: options.author ?? GITHUB_ACTIONS_BOT });
    try {
      await repo.push(branch, "branch", commit);
    } catch (error) {
      if (error instanceof PushRejectedError) throw new GitError(`${branch} moved on while it was migrated; run the command again`, { field: branch });
      throw new GitError(`${(error as Error).message}; a push that changes .github/workflows needs a token with the workflow scope (classic) or Workflows: write (fine-grained), which GITHUB_TOKEN never has`, { field: branch });
    }
    logger.info(`${branch}: ${files.join(", ")} now as on ${from} (${commit.slice(0, 12)})`);
    results.push({ branch, outcome: "updated", files, commit });
  }
  return results;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
