import { RemoteError } from "../errors.js";

/** owner/name of a repository, as the REST paths spell them. */
export interface RepoRef {
  owner: string;
  repo: string;
}

export interface RepoInfo {
  fullName: string;
  defaultBranch: string;
  private: boolean;
  fork: boolean;
}

export interface PullRequestInfo {
  number: number;
  state: string;
  headSha: string;
  headRef: string;
  baseRef: string;
  headRepoFullName: string | undefined;
  headRepoFork: boolean;
}

export interface IssueComment {
  id: number;
  body: string;
  htmlUrl: string;
  author: string | undefined;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  htmlUrl: string;
  /** GitHub lists pull requests among issues; this tells them apart. */
  isPullRequest: boolean;
}

export interface IssueQuery {
  labels?: string[];
  state?: "open" | "closed" | "all";
}

export interface NewIssue {
  title: string;
  body: string;
  labels?: string[];
}

export interface NewPullRequest {
  title: string;
  /** Branch with the change. */
  head: string;
  /** Branch to merge into. */
  base: string;
  body: string;
}

export interface IssueChanges {
  title?: string;
  body?: string;
  state?: "open" | "closed";
  labels?: string[];
}

/**
 * The GitHub REST calls stockops makes, and nothing more. The actions back it with `@actions/github`'s
 * Octokit, the CLI with `@octokit/core`, tests with either against the local stand-in.
 */
export interface GitHubApi {
  getRepo(repo: RepoRef): Promise<RepoInfo>;
  getPullRequest(repo: RepoRef, pullNumber: number): Promise<PullRequestInfo>;
  /** Every comment of an issue or pull request, all pages. */
  listIssueComments(repo: RepoRef, issueNumber: number): Promise<IssueComment[]>;
  createIssueComment(repo: RepoRef, issueNumber: number, body: string): Promise<IssueComment>;
  updateIssueComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment>;
  /** Issues (pull requests left out) matching the query, all pages. */
  listIssues(repo: RepoRef, query?: IssueQuery): Promise<Issue[]>;
  createIssue(repo: RepoRef, issue: NewIssue): Promise<Issue>;
  updateIssue(repo: RepoRef, issueNumber: number, changes: IssueChanges): Promise<Issue>;
  /** Opens a pull request from `head` into `base` (optional: only `stockops sweep --pr` needs it). */
  createPullRequest?(repo: RepoRef, pull: NewPullRequest): Promise<PullRequestInfo & { htmlUrl: string }>;
  /** `workflow_dispatch` of a workflow file (e.g. `pipeline.yml`) or id, on a ref. */
  dispatchWorkflow(repo: RepoRef, workflow: string | number, ref: string, inputs?: Record<string, string>): Promise<void>;
}

/** A GitHub API call that answered with an error status; `status` lets callers tell 403 from 404. */
export class GitHubRequestError extends RemoteError {
  readonly status: number;
  readonly route: string;

  constructor(route: string, status: number, apiMessage: string) {
    super(`GitHub API ${route} answered ${status}: ${apiMessage}`, { field: route });
    this.status = status;
    this.route = route;
  }
}

/** "owner/name" → RepoRef, or a RemoteError saying what was expected. */
export function parseRepoRef(fullName: string): RepoRef {
  const match = /^([A-Za-z0-9-_.]+)\/([A-Za-z0-9-_.]+)$/.exec(fullName);
  if (!match) throw new RemoteError(`Invalid repository '${fullName}'. Expected format {owner}/{repo}.`, { field: "repository" });
  return { owner: match[1]!, repo: match[2]! };
}
