import { defineAction } from "../../shared/action-spec.js";

export const spec = defineAction({
  name: "stockops report",
  description:
    "On a pull request into a model branch: evaluate the head, read the base's published metrics and config from git objects, and post one sticky comment (updated in place). A fork's read-only token gets the report in the job summary instead, and the step passes.",
  inputs: {
    dir: { description: "The pull request's checkout folder holding stockops.toml, relative to the workspace.", default: "." },
    token: { description: "Token to comment with (pull-requests: write) and to fetch the base branch.", default: "${{ github.token }}" },
    "pull-request": {
      description: "Number of the pull request to report on when the run is not a pull_request event (a workflow_dispatch for a pull request opened with GITHUB_TOKEN); empty: the event's.",
      default: "",
    },
  },
  outputs: {
    posted: "'created', 'updated' or 'summary-only'.",
    "comment-url": "URL of the sticky comment (empty when the report went to the job summary only).",
    reason: "Why the report went to the job summary only (empty otherwise).",
  },
});
