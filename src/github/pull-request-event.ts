import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import type { GitRepo } from "../gitops/git-repo.js";
import type { GitHubApi, PullRequestInfo } from "./github-api.js";

const repoSchema = z.object({
  full_name: z.string().min(1).describe("owner/name"),
  fork: z.boolean().default(false).describe("True when this repository is a fork."),
});

const branchSchema = z.object({
  ref: z.string().min(1).describe("Branch name."),
  sha: z.string().min(1).describe("Commit at the tip of the branch when the event fired."),
  repo: repoSchema.nullable().describe("Repository holding the branch; null when a fork was deleted."),
});

/** The part of a `pull_request` webhook payload the PR report needs. */
export const pullRequestEventSchema = z.object({
  action: z.string().describe("opened, synchronize, reopened, …"),
  number: z.number().int().positive().describe("Pull request number."),
  pull_request: z.object({
    number: z.number().int().positive(),
    html_url: z.string().optional(),
    head: branchSchema,
    base: branchSchema,
  }),
  repository: z.object({ full_name: z.string().min(1) }),
});

export type PullRequestEvent = z.output<typeof pullRequestEventSchema>;

/** Validates an event payload (the JSON at GITHUB_EVENT_PATH), naming the field that is wrong. */
export function parsePullRequestEvent(payload: unknown, file = "GITHUB_EVENT_PATH"): PullRequestEvent {
  const result = pullRequestEventSchema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".");
  throw new ConfigError(`not a pull_request event payload: expected ${issue?.message.replace(/^Invalid input: expected /, "") ?? "a pull_request object"}`, {
    file,
    field: field || undefined,
  });
}

/**
 * A PR whose head lives in another repository gets a read-only GITHUB_TOKEN under `pull_request`,
 * so it cannot comment.
 */
export function isFromFork(event: PullRequestEvent): boolean {
  const headRepo = event.pull_request.head.repo;
  const baseRepo = event.pull_request.base.repo;
  if (headRepo === null || baseRepo === null) return true;
  return headRepo.full_name.toLowerCase() !== baseRepo.full_name.toLowerCase() || headRepo.fork !== baseRepo.fork;
}

/**
 * The payload a `pull_request` run would have had, for a `workflow_dispatch` of the report that names the
 * pull request: a pull request opened with GITHUB_TOKEN (a sweep's) starts no pull_request run, so the
 * workflow that opened it dispatches the report instead. `baseSha` is the base branch's tip now.
 */
export function pullRequestEventFromApi(repository: string, pull: PullRequestInfo, baseSha: string): PullRequestEvent {
  const baseRepo = { full_name: repository, fork: false };
  const headRepo = pull.headRepoFullName === undefined ? null : { full_name: pull.headRepoFullName, fork: pull.headRepoFork };
  return parsePullRequestEvent(
    {
      action: "dispatched",
      number: pull.number,
      pull_request: { number: pull.number, head: { ref: pull.headRef, sha: pull.headSha, repo: headRepo }, base: { ref: pull.baseRef, sha: baseSha, repo: baseRepo } },
      repository: { full_name: repository },
    },
    "the pull request from the API",
  );
}

/** For a workflow_dispatch that names the pull request: its head from the API, its base's tip from the remote. */
export async function pullRequestEventForDispatch(options: { number: string; repository: string; api: GitHubApi; git: Pick<GitRepo, "fetchBranch"> }): Promise<PullRequestEvent> {
  if (!/^[1-9]\d*$/.test(options.number)) throw new ConfigError(`expected a pull request number, got '${options.number}'`, { field: "pull-request" });
  const [owner = "", repo = ""] = options.repository.split("/");
  const pull = await options.api.getPullRequest({ owner, repo }, Number(options.number));
  const baseSha = await options.git.fetchBranch(pull.baseRef);
  if (!baseSha) throw new ConfigError(`the base branch '${pull.baseRef}' of pull request #${options.number} is not on the remote`, { field: "pull-request" });
  return pullRequestEventFromApi(options.repository, pull, baseSha);
}

/** The event the report runs on: the pull_request payload, or, for a dispatch that names the number, one built from the API. */
export async function pullRequestEventOf(options: { number: string; eventPath: string | undefined; repository: string; api: GitHubApi; git: Pick<GitRepo, "fetchBranch"> }): Promise<unknown> {
  if (options.number) return pullRequestEventForDispatch(options);
  if (!options.eventPath) throw new ConfigError("GITHUB_EVENT_PATH is not set; this action runs on pull_request events", { field: "GITHUB_EVENT_PATH" });
  return JSON.parse(await readFile(options.eventPath, "utf8")) as unknown;
}
