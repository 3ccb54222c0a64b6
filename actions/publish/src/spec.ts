import { defineAction } from "../../shared/action-spec.js";

export const spec = defineAction({
  name: "stockops publish",
  description:
    "Commit the pipeline's models/, reports/ and stockops.lock to the model branch as version N+1 (github-actions[bot]), tag models/<team>/<SYMBOL>/v<N>, apply the promotion gate, and push with fetch-and-retry, never forced.",
  inputs: {
    dir: { description: "Model branch folder holding stockops.toml and the pipeline's artifacts, relative to the workspace.", default: "." },
    branch: { description: "Branch to publish to (default: the branch the workflow runs on).", default: "${{ github.ref_name }}" },
    token: { description: "Token to push with; GITHUB_TOKEN pushes start no new workflow run.", default: "${{ github.token }}" },
    "skip-ci": { description: "Add [skip ci] to the commit message (needed only when pushing with a PAT) (true/false).", default: "false" },
  },
  outputs: {
    "model-version": "The version published, or the latest one when nothing changed.",
    promoted: "'true' when the gate made this version the branch's champion.",
    pushed: "'true' when a commit was pushed; 'false' when the artifacts were unchanged.",
    commit: "The publish commit on the remote branch (empty when nothing was pushed).",
    tag: "The version's tag, models/<team>/<SYMBOL>/v<N> (empty when nothing was pushed).",
    reason: "The gate's verdict, or why nothing was committed.",
  },
});
