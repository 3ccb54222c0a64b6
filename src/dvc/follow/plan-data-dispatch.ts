import type { ModelConfig } from "../../config/model-config.js";
import type { WorkflowDispatch } from "../../github/dispatch-workflows.js";

/** A model branch of branches.json as its remote tip has it. */
export type BranchDataState =
  | { branch: string; kind: "config"; config: ModelConfig }
  /** Not on the remote yet. */
  | { branch: string; kind: "missing" }
  /** Its stockops.toml is absent or invalid; `error` says why. */
  | { branch: string; kind: "unreadable"; error: string };

export interface DataDispatchStep {
  branch: string;
  follows: boolean;
  /** Why it is dispatched or left out, for the log. */
  reason: string;
  dispatch: WorkflowDispatch | undefined;
}

/** Pure: after `from`'s data.dvc changed, which model branches retrain (those with source dvc that do not pin their own). */
export function planDataDispatch(states: readonly BranchDataState[], options: { workflow: string; ref: string; from: string }): DataDispatchStep[] {
  return states.map((state) => {
    const skip = (reason: string): DataDispatchStep => ({ branch: state.branch, follows: false, reason, dispatch: undefined });
    if (state.kind === "missing") return skip("not on the remote (create it with 'stockops branches sync')");
    if (state.kind === "unreadable") return skip(`not read: ${state.error}`);
    const { source, pin } = state.config.data;
    if (source !== "dvc") return skip(`[data] source = "${source}": does not read data.dvc`);
    if (pin) return skip("[data] pin = true: keeps its own data.dvc");
    return {
      branch: state.branch,
      follows: true,
      reason: `follows ${options.from}'s data.dvc`,
      dispatch: { workflow: options.workflow, ref: options.ref, inputs: { branch: state.branch } },
    };
  });
}
