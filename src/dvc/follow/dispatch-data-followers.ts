import { branchName, type BranchesConfig } from "../../config/branches-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../../config/read-model-config.js";
import { assertAllDispatched, dispatchBranchWorkflows, type BranchDispatch, type GitHubTarget } from "../../github/dispatch-workflows.js";
import type { GitRepo } from "../../gitops/git-repo.js";
import type { Logger } from "../../logger/logger.js";
import { planDataDispatch, type BranchDataState, type DataDispatchStep } from "./plan-data-dispatch.js";

export interface DataDispatchOptions {
  repo: GitRepo;
  branches: BranchesConfig;
  /** Without it (a dry run, or no token) nothing is dispatched and the log says what would be. */
  github: GitHubTarget | undefined;
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
  const wanted: BranchDispatch[] = [];
  for (const step of steps) {
    if (!step.dispatch) logger.info(`${step.branch}: not dispatched, ${step.reason}`);
    else if (!options.github) logger.info(`${step.branch}: would dispatch ${step.dispatch.workflow} (${step.reason}; dry run or no token)`);
    else wanted.push({ branch: step.branch, dispatch: step.dispatch, reason: step.reason });
  }
  const outcome = options.github ? await dispatchBranchWorkflows(options.github, wanted, logger) : { dispatched: [], failed: [] };
  assertAllDispatched(outcome);
  return { steps, dispatched: outcome.dispatched };
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
