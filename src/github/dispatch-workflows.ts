import { RemoteError } from "../errors.js";
import type { Logger } from "../logger/logger.js";
import type { GitHubApi, RepoRef } from "./github-api.js";

/** `workflow_dispatch` of the pipeline workflow for one model branch. */
export interface WorkflowDispatch {
  workflow: string;
  /** Ref the workflow file is run from (the default branch); the model branch travels as input `branch`. */
  ref: string;
  inputs: { branch: string };
}

export interface BranchDispatch {
  branch: string;
  dispatch: WorkflowDispatch;
  /** Why it is dispatched, for the log. */
  reason: string;
}

export interface GitHubTarget {
  api: GitHubApi;
  repo: RepoRef;
}

export interface DispatchOutcome {
  dispatched: string[];
  /** `<branch> (<why>)` for each refused dispatch. */
  failed: string[];
}

/** Dispatches each in turn; a refused dispatch is recorded and does not stop the others. */
export async function dispatchBranchWorkflows(github: GitHubTarget, dispatches: readonly BranchDispatch[], logger: Logger): Promise<DispatchOutcome> {
  const outcome: DispatchOutcome = { dispatched: [], failed: [] };
  for (const { branch, dispatch, reason } of dispatches) {
    try {
      // Only the input pipeline.yml declares: GitHub answers 422 to undeclared ones.
      await github.api.dispatchWorkflow(github.repo, dispatch.workflow, dispatch.ref, dispatch.inputs);
      outcome.dispatched.push(branch);
      logger.info(`${branch}: dispatched ${dispatch.workflow} (${reason})`);
    } catch (error) {
      outcome.failed.push(`${branch} (${(error as Error).message})`);
    }
  }
  return outcome;
}

/** After every dispatch was tried: a RemoteError naming the branches that were not dispatched, and those that were. */
export function assertAllDispatched(outcome: DispatchOutcome): void {
  if (outcome.failed.length === 0) return;
  throw new RemoteError(
    `could not dispatch the pipeline for ${outcome.failed.join("; ")}; dispatched: ${outcome.dispatched.join(", ") || "none"}. Check the token's actions: write permission`,
  );
}
