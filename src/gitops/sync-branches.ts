import { branchName, type BranchesConfig } from "../config/branches-config.js";
import { defaultModelConfigToml } from "../config/default-model-config.js";
import { parseModelConfig, MODEL_CONFIG_FILE } from "../config/read-model-config.js";
import { GitError } from "../errors.js";
import { silentLogger, type Logger } from "../logger/logger.js";
import { GITHUB_ACTIONS_BOT, PushRejectedError, type GitIdentity, type GitRepo } from "./git-repo.js";

export interface BranchSyncStep {
  branch: string;
  team: string;
  symbol: string;
  action: "create" | "exists";
}

/** Pure: which branches of branches.json the remote lacks. Existing ones are listed so the output says so. */
export function planBranchSync(config: BranchesConfig, remoteBranches: readonly string[]): BranchSyncStep[] {
  const existing = new Set(remoteBranches);
  return config.branches.map(({ team, symbol }) => {
    const branch = branchName({ team, symbol });
    return { branch, team, symbol, action: existing.has(branch) ? "exists" : "create" };
  });
}

export interface BranchSyncResult extends BranchSyncStep {
  /** What happened: created (with its commit), left as it was, or raced by someone else. */
  outcome: "created" | "would-create" | "untouched" | "created-meanwhile";
  commit?: string;
}

export interface SyncBranchesOptions {
  repo: GitRepo;
  config: BranchesConfig;
  /** Branch new model branches start from. */
  base?: string;
  dryRun?: boolean;
  author?: GitIdentity;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Creates every `<team>/<SYMBOL>` branch of branches.json that the remote lacks, from `base` plus a
 * default stockops.toml, one commit and one push each. Existing branches are never touched and nothing
 * is forced: a branch someone else creates meanwhile is left as they made it.
 */
export async function syncBranches(options: SyncBranchesOptions): Promise<BranchSyncResult[]> {
  const { repo, config } = options;
  const base = options.base ?? "main";
  const logger = options.logger ?? silentLogger;
  const remoteBranches = Object.keys(await repo.listRemoteRefs("refs/heads/")).map((ref) => ref.slice("refs/heads/".length));
  const steps = planBranchSync(config, remoteBranches);
  const missing = steps.filter((step) => step.action === "create");
  const baseCommit = missing.length > 0 && !options.dryRun ? await repo.fetchBranch(base) : undefined;
  if (missing.length > 0 && !options.dryRun && baseCommit === undefined) {
    throw new GitError(`base branch '${base}' not found on the remote; new model branches start from it`, { field: "base" });
  }
  const results: BranchSyncResult[] = [];
  for (const step of steps) {
    if (step.action === "exists") results.push({ ...step, outcome: "untouched" });
    else if (options.dryRun) results.push({ ...step, outcome: "would-create" });
    else results.push(await createBranch(step, baseCommit!, options, logger));
  }
  return results;
}

async function createBranch(step: BranchSyncStep, baseCommit: string, options: SyncBranchesOptions, logger: Logger): Promise<BranchSyncResult> {
  const config = defaultModelConfigToml(step.team, step.symbol);
  parseModelConfig(config, `${step.branch}:${MODEL_CONFIG_FILE}`);
  const now = options.now?.() ?? new Date();
  const commit = await options.repo.commitFiles({
    parent: baseCommit,
    changes: { [MODEL_CONFIG_FILE]: config },
    message: `branches: create ${step.branch} with a default ${MODEL_CONFIG_FILE}\n\nFrom branches.json on ${options.base ?? "main"}.`,
    author: { ...(options.author ?? GITHUB_ACTIONS_BOT), timestamp: Math.floor(now.getTime() / 1000) },
  });
  try {
    await options.repo.push(step.branch, "branch", commit);
  } catch (error) {
    if (!(error instanceof PushRejectedError)) throw error;
    logger.warn(`${step.branch} was created by someone else meanwhile; left as it is`);
    return { ...step, outcome: "created-meanwhile" };
  }
  logger.info(`created ${step.branch} at ${commit.slice(0, 12)}`);
  return { ...step, outcome: "created", commit };
}
