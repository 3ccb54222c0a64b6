import type { StandInRepo, StandInState, StoredComment, StoredIssue } from "./stand-in-state.js";

/** Largest issue or comment body GitHub accepts. */
export const MAX_COMMENT_BODY = 65_536;
const DOCS = "https://docs.github.com/rest";

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  repo: StandInRepo;
  state: StandInState;
  url: URL;
  baseUrl: string;
  /** Path captures after owner and repo. */
  params: string[];
  body: Record<string, unknown>;
  author: string;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Where GitHub documents the endpoint; quoted in error bodies as GitHub does. */
  docs: string;
  handle(context: RouteContext): RouteResult;
}

const REPO = "/repos/([^/]+)/([^/]+)";

export function notFound(): RouteResult {
  return { status: 404, body: { message: "Not Found", documentation_url: DOCS, status: "404" } };
}

export const standInRoutes: Route[] = [
  { method: "GET", pattern: new RegExp(`^${REPO}$`), docs: `${DOCS}/repos/repos#get-a-repository`, handle: ({ repo, baseUrl }) => ({ status: 200, body: repoJson(repo, baseUrl) }) },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/pulls/(\\d+)$`),
    docs: `${DOCS}/pulls/pulls#get-a-pull-request`,
    handle: ({ repo, params }) => {
      const issue = repo.issues.get(Number(params[0]));
      return issue?.pull ? { status: 200, body: { ...issue.pull, state: issue.state } } : notFound();
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/pulls$`),
    docs: `${DOCS}/pulls/pulls#create-a-pull-request`,
    handle: ({ repo, state, body, author, baseUrl }) => {
      for (const field of ["title", "head", "base"]) {
        if (typeof body[field] !== "string" || body[field] === "") return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "PullRequest", field, code: "missing_field" }], documentation_url: `${DOCS}/pulls/pulls#create-a-pull-request` } };
      }
      const number = Math.max(0, ...repo.issues.keys()) + 1;
      const htmlUrl = `${baseUrl.replace(/\/api\/v3$/, "")}/${repo.fullName}/pull/${number}`;
      const pull = {
        number,
        state: "open",
        title: body.title,
        body: typeof body.body === "string" ? body.body : "",
        html_url: htmlUrl,
        user: { login: author },
        head: { ref: body.head, sha: "0".repeat(40), repo: { full_name: repo.fullName, fork: false } },
        base: { ref: body.base },
      };
      state.addPullRequest(repo.fullName, pull);
      return { status: 201, body: pull, headers: { location: `${baseUrl}/repos/${repo.fullName}/pulls/${number}` } };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/issues/(\\d+)/comments$`),
    docs: `${DOCS}/issues/comments#list-issue-comments`,
    handle: ({ repo, params, url, baseUrl }) => {
      const number = Number(params[0]);
      if (!repo.issues.has(number)) return notFound();
      const comments = repo.comments.filter((comment) => comment.issueNumber === number);
      return page(comments, url, baseUrl, (comment) => commentJson(repo, comment, baseUrl));
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/issues/(\\d+)/comments$`),
    docs: `${DOCS}/issues/comments#create-an-issue-comment`,
    handle: ({ repo, state, params, body, author, baseUrl }) => {
      const number = Number(params[0]);
      if (!repo.issues.has(number)) return notFound();
      const invalid = invalidBody(body.body, "IssueComment");
      if (invalid) return invalid;
      const comment = state.createComment(repo, number, String(body.body), author);
      const json = commentJson(repo, comment, baseUrl);
      return { status: 201, body: json, headers: { location: String(json.url) } };
    },
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^${REPO}/issues/comments/(\\d+)$`),
    docs: `${DOCS}/issues/comments#update-an-issue-comment`,
    handle: ({ repo, state, params, body, baseUrl }) => {
      const comment = repo.comments.find((candidate) => candidate.id === Number(params[0]));
      if (!comment) return notFound();
      const invalid = invalidBody(body.body, "IssueComment");
      if (invalid) return invalid;
      comment.body = String(body.body);
      state.touch(comment);
      return { status: 200, body: commentJson(repo, comment, baseUrl) };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/issues$`),
    docs: `${DOCS}/issues/issues#list-repository-issues`,
    handle: ({ repo, url, baseUrl }) => {
      const wantedState = url.searchParams.get("state") ?? "open";
      const labels = (url.searchParams.get("labels") ?? "").split(",").map((label) => label.trim()).filter(Boolean);
      const issues = [...repo.issues.values()]
        .filter((issue) => wantedState === "all" || issue.state === wantedState)
        .filter((issue) => labels.every((label) => issue.labels.includes(label)))
        .sort((a, b) => b.number - a.number);
      return page(issues, url, baseUrl, (issue) => issueJson(repo, issue, baseUrl));
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/issues$`),
    docs: `${DOCS}/issues/issues#create-an-issue`,
    handle: ({ repo, state, body, author, baseUrl }) => {
      if (typeof body.title !== "string" || body.title === "") return validationFailed("Issue", "title", "missing_field");
      const text = body.body === undefined ? "" : body.body;
      const invalid = invalidBody(text, "Issue");
      if (invalid) return invalid;
      const issue = state.createIssue(repo, { title: body.title, body: String(text), labels: labelNames(body.labels), author });
      const json = issueJson(repo, issue, baseUrl);
      return { status: 201, body: json, headers: { location: String(json.url) } };
    },
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^${REPO}/issues/(\\d+)$`),
    docs: `${DOCS}/issues/issues#update-an-issue`,
    handle: ({ repo, state, params, body, baseUrl }) => {
      const issue = repo.issues.get(Number(params[0]));
      if (!issue) return notFound();
      if (body.state !== undefined && body.state !== "open" && body.state !== "closed") return validationFailed("Issue", "state", "invalid");
      if (body.body !== undefined) {
        const invalid = invalidBody(body.body, "Issue");
        if (invalid) return invalid;
        issue.body = String(body.body);
      }
      if (typeof body.title === "string") issue.title = body.title;
      if (body.state === "open" || body.state === "closed") issue.state = body.state;
      if (body.labels !== undefined) issue.labels = labelNames(body.labels);
      state.touch(issue);
      return { status: 200, body: issueJson(repo, issue, baseUrl) };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)/dispatches$`),
    docs: `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`,
    handle: ({ repo, params, body }) => {
      if (typeof body.ref !== "string" || body.ref === "") {
        return { status: 422, body: { message: "Invalid request.\n\n\"ref\" wasn't supplied.", documentation_url: `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`, status: "422" } };
      }
      const inputs = body.inputs && typeof body.inputs === "object" ? (body.inputs as Record<string, unknown>) : {};
      repo.dispatches.push({ workflow: params[0]!, ref: body.ref, inputs });
      return { status: 204 };
    },
  },
];

function invalidBody(value: unknown, resource: string): RouteResult | undefined {
  if (typeof value !== "string") {
    return { status: 422, body: { message: "Invalid request.\n\n\"body\" wasn't supplied.", documentation_url: DOCS, status: "422" } };
  }
  if (value.length > MAX_COMMENT_BODY) {
    return {
      status: 422,
      body: {
        message: "Validation Failed",
        errors: [{ resource, code: "custom", field: "body", message: `body is too long (maximum is ${MAX_COMMENT_BODY} characters)` }],
        documentation_url: DOCS,
        status: "422",
      },
    };
  }
  return undefined;
}

function validationFailed(resource: string, field: string, code: string): RouteResult {
  return { status: 422, body: { message: "Validation Failed", errors: [{ resource, field, code }], documentation_url: DOCS, status: "422" } };
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((label) => (typeof label === "string" ? label : String((label as { name?: unknown }).name)));
}

/** GitHub's `per_page` (default 30, at most 100) and `page`, with a `Link` header when there is more than one page. */
function page<T>(items: T[], url: URL, baseUrl: string, toJson: (item: T) => unknown): RouteResult {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page")) || 30));
  const current = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((current - 1) * perPage, current * perPage).map(toJson);
  const link = linkHeader(url, baseUrl, current, last);
  return { status: 200, body: slice, headers: link ? { link } : {} };
}

function linkHeader(url: URL, baseUrl: string, current: number, last: number): string | undefined {
  if (last <= 1) return undefined;
  const at = (pageNumber: number) => {
    const target = new URL(url.pathname + url.search, baseUrl);
    target.searchParams.set("page", String(pageNumber));
    return target.toString();
  };
  const parts: string[] = [];
  if (current > 1) parts.push(`<${at(current - 1)}>; rel="prev"`);
  if (current < last) parts.push(`<${at(current + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (current > 1) parts.push(`<${at(1)}>; rel="first"`);
  return parts.join(", ");
}

function userJson(login: string): Record<string, unknown> {
  return { login, id: login.length, type: login.endsWith("[bot]") ? "Bot" : "User" };
}

function repoJson(repo: StandInRepo, baseUrl: string): Record<string, unknown> {
  return {
    id: repo.fullName.length,
    name: repo.name,
    full_name: repo.fullName,
    owner: userJson(repo.owner),
    private: repo.private,
    fork: repo.fork,
    default_branch: repo.defaultBranch,
    html_url: `${baseUrl}/${repo.fullName}`,
    url: `${baseUrl}/repos/${repo.fullName}`,
  };
}

function commentJson(repo: StandInRepo, comment: StoredComment, baseUrl: string): Record<string, unknown> {
  return {
    id: comment.id,
    node_id: Buffer.from(`IssueComment${comment.id}`).toString("base64"),
    url: `${baseUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    html_url: `${baseUrl}/${repo.fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${baseUrl}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: "NONE",
  };
}

function issueJson(repo: StandInRepo, issue: StoredIssue, baseUrl: string): Record<string, unknown> {
  const comments = repo.comments.filter((comment) => comment.issueNumber === issue.number).length;
  return {
    id: issue.number,
    number: issue.number,
    url: `${baseUrl}/repos/${repo.fullName}/issues/${issue.number}`,
    html_url: `${baseUrl}/${repo.fullName}/${issue.pull ? "pull" : "issues"}/${issue.number}`,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels.map((name, index) => ({ id: index + 1, name, color: "ededed" })),
    user: userJson(issue.author),
    comments,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    ...(issue.pull ? { pull_request: { url: `${baseUrl}/repos/${repo.fullName}/pulls/${issue.number}` } } : {}),
  };
}
