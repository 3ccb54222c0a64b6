import { RemoteError } from "../errors.js";
import {
  GitHubRequestError,
  type GitHubApi,
  type Issue,
  type IssueChanges,
  type IssueComment,
  type IssueQuery,
  type NewIssue,
  type NewPullRequest,
  type PullRequestInfo,
  type RepoInfo,
} from "./github-api.js";

export interface OctokitResponse {
  data: unknown;
  status: number;
  headers: Record<string, string | number | undefined>;
}

/**
 * The one method stockops needs from an Octokit: `github.getOctokit(token)` from `@actions/github` and
 * `new Octokit({ auth, baseUrl })` from `@octokit/core` both have it.
 */
export interface OctokitLike {
  request(route: string, params?: Record<string, unknown>): Promise<OctokitResponse>;
}

export interface RestGitHubApiOptions {
  /** Extra attempts for a read or an edit answered 429/5xx or not answered at all; creations are never repeated. */
  retries?: number;
  /** Waits between attempts; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

export const GITHUB_API_VERSION = "2022-11-28";
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

export function createRestGitHubApi(client: OctokitLike, options: RestGitHubApiOptions = {}): GitHubApi {
  const retrying = withRetries(client, options);
  const call = (route: string, params: Record<string, unknown> = {}) => request(retrying, route, params);
  const all = (route: string, params: Record<string, unknown>) => paginate(retrying, route, params);
  return {
    async getRepo({ owner, repo }) {
      return toRepoInfo((await call("GET /repos/{owner}/{repo}", { owner, repo })).data);
    },
    async getPullRequest({ owner, repo }, pull_number) {
      return toPullRequest((await call("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number })).data);
    },
    async listIssueComments({ owner, repo }, issue_number) {
      return (await all("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number })).map(toComment);
    },
    async createIssueComment({ owner, repo }, issue_number, body) {
      return toComment((await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number, body })).data);
    },
    async updateIssueComment({ owner, repo }, comment_id, body) {
      return toComment((await call("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { owner, repo, comment_id, body })).data);
    },
    async listIssues({ owner, repo }, query: IssueQuery = {}) {
      const params: Record<string, unknown> = { owner, repo, state: query.state ?? "open" };
      if (query.labels?.length) params.labels = query.labels.join(",");
      return (await all("GET /repos/{owner}/{repo}/issues", params)).map(toIssue).filter((issue) => !issue.isPullRequest);
    },
    async createIssue({ owner, repo }, issue: NewIssue) {
      return toIssue((await call("POST /repos/{owner}/{repo}/issues", { owner, repo, ...issue })).data);
    },
    async updateIssue({ owner, repo }, issue_number, changes: IssueChanges) {
      return toIssue((await call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number, ...changes })).data);
    },
    async createPullRequest({ owner, repo }, pull: NewPullRequest) {
      const { data } = await call("POST /repos/{owner}/{repo}/pulls", { owner, repo, ...pull });
      return { ...toPullRequest(data), htmlUrl: String(asObject(data).html_url) };
    },
    async dispatchWorkflow({ owner, repo }, workflow_id, ref, inputs = {}) {
      await call("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { owner, repo, workflow_id, ref, inputs });
    },
  };
}

/** Repeats idempotent calls (GET, PATCH) on 429/5xx and network errors, with exponential backoff. */
function withRetries(client: OctokitLike, { retries = 2, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }: RestGitHubApiOptions): OctokitLike {
  return {
    async request(route, params) {
      const idempotent = /^(GET|PATCH) /.test(route);
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await client.request(route, params);
        } catch (error) {
          const status = (error as { status?: unknown }).status;
          const transient = typeof status !== "number" || RETRY_STATUSES.has(status);
          if (!idempotent || !transient || attempt >= retries) throw error;
          await sleep(500 * 2 ** attempt);
        }
      }
    },
  };
}

async function request(client: OctokitLike, route: string, params: Record<string, unknown>): Promise<OctokitResponse> {
  try {
    return await client.request(route, { ...params, headers: { "x-github-api-version": GITHUB_API_VERSION } });
  } catch (error) {
    throw toRemoteError(route, error);
  }
}

/** Follows `Link: rel="next"`; a client that hides headers is paged until a short page. */
async function paginate(client: OctokitLike, route: string, params: Record<string, unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const response = await request(client, route, { ...params, per_page: PAGE_SIZE, page });
    const data = Array.isArray(response.data) ? response.data : [];
    items.push(...data);
    const link = response.headers?.link;
    const hasNext = typeof link === "string" ? /rel="next"/.test(link) : data.length === PAGE_SIZE;
    if (!hasNext) return items;
  }
  throw new RemoteError(`GitHub API ${route}: more than ${MAX_PAGES} pages of ${PAGE_SIZE}; refusing to read further`, { field: route });
}

function toRemoteError(route: string, error: unknown): Error {
  const { status, response, message } = (error ?? {}) as { status?: unknown; response?: { data?: { message?: unknown } }; message?: unknown };
  if (typeof status === "number" && status >= 400) {
    const apiMessage = typeof response?.data?.message === "string" ? response.data.message : String(message ?? "error");
    return new GitHubRequestError(route, status, apiMessage);
  }
  return new RemoteError(`GitHub API ${route} could not be reached: ${String(message ?? error)}`, { field: route });
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
  return value && typeof value === "object" ? (value as Json) : {};
}

function toRepoInfo(value: unknown): RepoInfo {
  const data = asObject(value);
  return { fullName: String(data.full_name), defaultBranch: String(data.default_branch), private: data.private === true, fork: data.fork === true };
}

function toPullRequest(value: unknown): PullRequestInfo {
  const data = asObject(value);
  const head = asObject(data.head);
  const headRepo = head.repo ? asObject(head.repo) : undefined;
  return {
    number: Number(data.number),
    state: String(data.state),
    headSha: String(head.sha),
    headRef: String(head.ref),
    baseRef: String(asObject(data.base).ref),
    headRepoFullName: headRepo ? String(headRepo.full_name) : undefined,
    headRepoFork: headRepo?.fork === true,
  };
}

function toComment(value: unknown): IssueComment {
  const data = asObject(value);
  const user = data.user ? asObject(data.user) : undefined;
  return { id: Number(data.id), body: String(data.body ?? ""), htmlUrl: String(data.html_url ?? ""), author: user ? String(user.login) : undefined };
}

function toIssue(value: unknown): Issue {
  const data = asObject(value);
  const labels = Array.isArray(data.labels) ? data.labels.map((label) => (typeof label === "string" ? label : String(asObject(label).name))) : [];
  return {
    number: Number(data.number),
    title: String(data.title ?? ""),
    body: String(data.body ?? ""),
    state: data.state === "closed" ? "closed" : "open",
    labels,
    htmlUrl: String(data.html_url ?? ""),
    isPullRequest: data.pull_request !== undefined && data.pull_request !== null,
  };
}
