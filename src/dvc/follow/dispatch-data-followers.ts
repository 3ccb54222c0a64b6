import { branchName, type BranchesConfig } from "../../config/branches-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../../config/read-model-config.js";
import { RemoteError } from "../../errors.js";
import type { GitHubApi, RepoRef } from "../../github/github-api.js";
import type { GitRepo } from "../../gitops/git-repo.js";
import type { Logger } from "../../logger/logger.js";
import { planDataDispatch, type BranchDataState, type DataDispatchStep } from "./plan-data-dispatch.js";

export interface DataDispatchOptions {
  repo: GitRepo;
  branches: BranchesConfig;
  /** Without it (a dry run, or no token) nothing is dispatched and the log says what would be. */
  github: { api: GitHubApi; repo: RepoRef } | undefined;
  /** Ref the workflow runs from: the default branch, whose pipeline.yml checks out the model branch it is given. */
  ref: string;
  workflow?: string;
  /** The branch whose data.dvc changed. */
  from?: string;
  logger: Logger;
}

export interface DataDispatchResult {
  steps: DataDispatchStep[];
  dispatched: string[];
}

/**
 * After a new data.dvc on `from` (main): reads every branch of branches.json at its remote tip and dispatches
 * the pipeline workflow for each one that follows that data.dvc. A failed dispatch does not stop the others;
 * the error names every branch that was not dispatched.
 */
export async function dispatchDataFollowers(options: DataDispatchOptions): Promise<DataDispatchResult> {
  const { logger } = options;
  const states: BranchDataState[] = [];
  for (const ref of options.branches.branches) states.push(await readBranchData(options.repo, branchName(ref)));
  const steps = planDataDispatch(states, { workflow: options.workflow ?? "pipeline.yml", ref: options.ref, from: options.from ?? "main" });
  const dispatched: string[] = [];
  const failed: string[] = [];
  for (const step of steps) {
    if (!step.dispatch) {
      logger.info(`${step.branch}: not dispatched, ${step.reason}`);
    } else if (!options.github) {
      logger.info(`${step.branch}: would dispatch ${step.dispatch.workflow} (${step.reason}; dry run or no token)`);
    } else {
      try {
        await options.github.api.dispatchWorkflow(options.github.repo, step.dispatch.workflow, step.dispatch.ref, step.dispatch.inputs);
        dispatched.push(step.branch);
        logger.info(`${step.branch}: dispatched ${step.dispatch.workflow} (${step.reason})`);
      } catch (error) {
        failed.push(`${step.branch} (${(error as Error).message})`);
      }
    }
  }
  if (failed.length > 0) {
    throw new RemoteError(`could not dispatch the pipeline for ${failed.join("; ")}; dispatched: ${dispatched.join(", ") || "none"}. Check the token's actions: write permission`);
  }
  return { steps, dispatched };
}

async function readBranchData(repo: GitRepo, branch: string): Promise<BranchDataState> {
  const head = await repo.fetchBranch(branch);
  if (head === undefined) return { branch, kind: "missing" };
  const bytes = await repo.readFile(head, MODEL_CONFIG_FILE);
  if (bytes === undefined) return { branch, kind: "unreadable", error: `${branch}:${MODEL_CONFIG_FILE} not found` };
  try {
    return { branch, kind: "config", config: parseModelConfig(new TextDecoder().decode(bytes), `${branch}:${MODEL_CONFIG_FILE}`) };
  } catch (error) {
    return { branch, kind: "unreadable", error: (error as Error).message };
  }
}
