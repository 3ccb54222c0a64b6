import type { BranchDispatch } from "../github/dispatch-workflows.js";
import type { BranchSyncResult } from "./sync-branches.js";

/**
 * Pure: one pipeline run for each branch this sync created (or, in a dry run, would create). Its push was
 * made with GITHUB_TOKEN, which starts no workflow. Existing branches and those someone else created
 * meanwhile are not trained from here.
 */
export function planNewBranchDispatch(results: readonly BranchSyncResult[], options: { workflow: string; ref: string }): BranchDispatch[] {
  return results
    .filter((result) => result.outcome === "created" || result.outcome === "would-create")
    .map(({ branch }) => ({
      branch,
      dispatch: { workflow: options.workflow, ref: options.ref, inputs: { branch } },
      reason: "new branch: its first training",
    }));
}
