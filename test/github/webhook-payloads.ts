// Real webhook payloads from the `@octokit/webhooks-examples` package (api.github.com/index.json,
// event "pull_request", the first example with action "opened": Codertocat/Hello-World PR #2).
// The package has no pull request from a fork, so `forkPullRequestOpened` edits a copy of that payload
// the way GitHub sends a fork PR: head.repo is another repository (octo-fork/Hello-World) with fork: true.
// Branch names are edited only where they must match a model branch of the test repository.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface WebhookDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

export type PullRequestPayload = Record<string, any>;

export function pullRequestOpened(branches: { base?: string; head?: string } = {}): PullRequestPayload {
  const definitions = require("@octokit/webhooks-examples") as WebhookDefinition[];
  const example = definitions.find((definition) => definition.name === "pull_request")!.examples.find((candidate) => candidate.action === "opened")!;
  const payload = structuredClone(example) as PullRequestPayload;
  if (branches.base) payload.pull_request.base.ref = branches.base;
  if (branches.head) payload.pull_request.head.ref = branches.head;
  return payload;
}

export function forkPullRequestOpened(branches: { base?: string; head?: string } = {}): PullRequestPayload {
  const payload = pullRequestOpened(branches);
  const headRepo = payload.pull_request.head.repo;
  headRepo.fork = true;
  headRepo.full_name = "octo-fork/Hello-World";
  headRepo.owner = { ...headRepo.owner, login: "octo-fork" };
  payload.pull_request.head.label = `octo-fork:${payload.pull_request.head.ref}`;
  return payload;
}
