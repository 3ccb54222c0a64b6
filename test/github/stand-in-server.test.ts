import { afterEach, describe, expect, it } from "vitest";
import { Octokit } from "@octokit/core";
import { getOctokit } from "@actions/github";
import { GitHubRequestError, type GitHubApi } from "../../src/github/github-api.js";
import { createOctokitClient } from "../../src/github/octokit-client.js";
import { createRestGitHubApi, type OctokitLike } from "../../src/github/rest-github-api.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { MAX_COMMENT_BODY } from "../../src/github/stand-in-routes.js";
import { pullRequestOpened } from "./webhook-payloads.js";

const TOKEN = "ghs_writeTokenForTests0000000000000000";
const READ_ONLY = "ghs_readOnlyForkToken111111111111111111";
const REPO = { owner: "Codertocat", repo: "Hello-World" };

let standIn: GitHubStandIn;
afterEach(async () => standIn?.close());

async function start(): Promise<GitHubStandIn> {
  standIn = await startGitHubStandIn({ token: TOKEN, readOnlyTokens: [READ_ONLY], repos: [{ fullName: "Codertocat/Hello-World", defaultBranch: "master" }] });
  standIn.state.addPullRequest("Codertocat/Hello-World", pullRequestOpened().pull_request);
  return standIn;
}

async function api(token = TOKEN): Promise<GitHubApi> {
  return createRestGitHubApi(await createOctokitClient({ token, baseUrl: standIn.url }));
}

function raw(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `token ${init.token}`);
  return fetch(`${standIn.url}${path}`, { ...init, headers });
}

describe("GitHub stand-in", () => {
  it("reads the repository and the pull request of a real webhook payload", async () => {
    await start();
    const github = await api();
    expect(await github.getRepo(REPO)).toEqual({ fullName: "Codertocat/Hello-World", defaultBranch: "master", private: false, fork: false });
    expect(await github.getPullRequest(REPO, 2)).toMatchObject({ number: 2, headSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", headRef: "changes", baseRef: "master", headRepoFork: false });
    expect((await raw("/repos/Codertocat/Nope")).status).toBe(404);
    await expect(github.getPullRequest(REPO, 99)).rejects.toMatchObject({ status: 404 });
  });

  it("creates (201, Location) and updates (200) comments, and pages lists with a Link header", async () => {
    await start();
    const created = await raw("/repos/Codertocat/Hello-World/issues/2/comments", { method: "POST", token: TOKEN, body: JSON.stringify({ body: "first" }) });
    expect(created.status).toBe(201);
    const comment = (await created.json()) as { id: number; url: string; body: string; user: { login: string } };
    expect(created.headers.get("location")).toBe(comment.url);
    expect(comment.user.login).toBe("github-actions[bot]");
    const github = await api();
    for (let index = 0; index < 149; index += 1) await github.createIssueComment(REPO, 2, `comment ${index}`);
    const page2 = await raw("/repos/Codertocat/Hello-World/issues/2/comments?per_page=50&page=2");
    const link = page2.headers.get("link")!;
    expect(link).toContain('page=3>; rel="next"');
    expect(link).toContain('page=1>; rel="prev"');
    expect(link).toContain('page=3>; rel="last"');
    expect(((await page2.json()) as unknown[]).length).toBe(50);
    const all = await github.listIssueComments(REPO, 2);
    expect(all).toHaveLength(150);
    expect(all[0]!.body).toBe("first");
    const updated = await github.updateIssueComment(REPO, comment.id, "edited");
    expect(updated).toMatchObject({ id: comment.id, body: "edited" });
    expect(standIn.requests.filter((request) => request.method === "GET" && request.path.endsWith("/issues/2/comments")).map((r) => r.query.page)).toEqual(["2", "1", "2"]);
  });

  it("answers 401 for a wrong token and 403 when a read-only token writes", async () => {
    await start();
    const wrong = await raw("/repos/Codertocat/Hello-World/issues/2/comments", { method: "POST", token: "ghs_wrong", body: JSON.stringify({ body: "x" }) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ message: "Bad credentials" });
    expect((await raw("/repos/Codertocat/Hello-World/issues/2/comments", { method: "POST", body: JSON.stringify({ body: "x" }) })).status).toBe(401);
    const readOnly = await api(READ_ONLY);
    expect(await readOnly.listIssueComments(REPO, 2)).toEqual([]);
    const denied = await readOnly.createIssueComment(REPO, 2, "x").catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(GitHubRequestError);
    expect(denied).toMatchObject({ status: 403 });
    expect((denied as Error).message).toContain("Resource not accessible by integration");
    await expect((await api("ghs_wrong")).getRepo(REPO)).rejects.toMatchObject({ status: 401 });
    expect(standIn.state.commentsOn("Codertocat/Hello-World", 2)).toEqual([]);
    expect(standIn.requests.map((request) => request.token)).toContain("read-only");
    expect(JSON.stringify(standIn.requests)).not.toContain(READ_ONLY);
  });

  it("refuses a body over 65,536 characters with 422, and an unknown API version with 400", async () => {
    await start();
    const github = await api();
    await expect(github.createIssueComment(REPO, 2, "x".repeat(MAX_COMMENT_BODY + 1))).rejects.toMatchObject({ status: 422 });
    expect((await github.createIssueComment(REPO, 2, "x".repeat(MAX_COMMENT_BODY))).body).toHaveLength(MAX_COMMENT_BODY);
    const missing = await raw("/repos/Codertocat/Hello-World/issues/2/comments", { method: "POST", token: TOKEN, body: "{}" });
    expect(missing.status).toBe(422);
    const version = await raw("/repos/Codertocat/Hello-World", { headers: { "x-github-api-version": "2001-01-01" } });
    expect(version.status).toBe(400);
    const ok = await raw("/repos/Codertocat/Hello-World", { headers: { "x-github-api-version": "2022-11-28" } });
    expect(ok.headers.get("x-github-api-version-selected")).toBe("2022-11-28");
    expect(standIn.requests.filter((request) => request.apiVersion === "2022-11-28").length).toBeGreaterThan(2);
  });

  it("creates, finds by label and updates issues, and records workflow dispatches (204)", async () => {
    await start();
    const github = await api();
    const alert = await github.createIssue(REPO, { title: "Drift on red/AAPL [stockops:drift red/AAPL]", body: "psi 0.3", labels: ["stockops", "drift"] });
    await github.createIssue(REPO, { title: "Other", body: "", labels: ["stockops"] });
    const drift = await github.listIssues(REPO, { labels: ["drift"] });
    expect(drift.map((issue) => issue.number)).toEqual([alert.number]);
    expect((await github.listIssues(REPO)).every((issue) => !issue.isPullRequest)).toBe(true);
    const closed = await github.updateIssue(REPO, alert.number, { state: "closed", body: "resolved" });
    expect(closed).toMatchObject({ state: "closed", body: "resolved", labels: ["stockops", "drift"] });
    expect(await github.listIssues(REPO, { labels: ["drift"] })).toEqual([]);
    expect(await github.listIssues(REPO, { labels: ["drift"], state: "closed" })).toHaveLength(1);
    await github.dispatchWorkflow(REPO, "pipeline.yml", "master", { branch: "red/AAPL" });
    expect(standIn.requests.at(-1)).toMatchObject({ method: "POST", path: "/repos/Codertocat/Hello-World/actions/workflows/pipeline.yml/dispatches", status: 204 });
    expect(standIn.state.repos.get("codertocat/hello-world")!.dispatches).toEqual([{ workflow: "pipeline.yml", ref: "master", inputs: { branch: "red/AAPL" } }]);
    const noRef = await raw("/repos/Codertocat/Hello-World/actions/workflows/pipeline.yml/dispatches", { method: "POST", token: TOKEN, body: "{}" });
    expect(noRef.status).toBe(422);
  });

  it("repeats reads and edits answered 502/503 but never a creation", async () => {
    await start();
    const noSleep = { sleep: async () => {} };
    const github = createRestGitHubApi(await createOctokitClient({ token: TOKEN, baseUrl: standIn.url }), noSleep);
    const comment = await github.createIssueComment(REPO, 2, "report");
    standIn.injectFault({ method: "GET", path: "/repos/Codertocat/Hello-World/issues/2/comments", status: 502 });
    standIn.injectFault({ method: "PATCH", path: /\/issues\/comments\/\d+$/, status: 503 });
    expect((await github.listIssueComments(REPO, 2)).map((c) => c.id)).toEqual([comment.id]);
    expect((await github.updateIssueComment(REPO, comment.id, "edited")).body).toBe("edited");
    standIn.injectFault({ method: "POST", path: "/repos/Codertocat/Hello-World/issues/2/comments", status: 502 });
    await expect(github.createIssueComment(REPO, 2, "again")).rejects.toMatchObject({ status: 502 });
    standIn.injectFault({ method: "GET", path: "/repos/Codertocat/Hello-World", status: 503, times: 3 });
    await expect(github.getRepo(REPO)).rejects.toMatchObject({ status: 503 });
    const statuses = standIn.requests.map((request) => `${request.method} ${request.status}`);
    expect(statuses).toEqual(["POST 201", "GET 502", "GET 200", "PATCH 503", "PATCH 200", "POST 502", "GET 503", "GET 503", "GET 503"]);
    expect(standIn.state.commentsOn("Codertocat/Hello-World", 2)).toHaveLength(1);
  });

  it("serves the clients the actions and the CLI really use: @actions/github and @octokit/core", async () => {
    await start();
    const fromActions: OctokitLike = getOctokit(TOKEN, { baseUrl: standIn.url });
    const fromCore: OctokitLike = new Octokit({ auth: TOKEN, baseUrl: standIn.url });
    for (const client of [fromActions, fromCore]) {
      const github = createRestGitHubApi(client);
      const comment = await github.createIssueComment(REPO, 2, "hello");
      expect((await github.listIssueComments(REPO, 2)).map((c) => c.id)).toContain(comment.id);
    }
    expect(standIn.requests.filter((request) => request.method === "POST").map((request) => request.token)).toEqual(["write", "write"]);
  });
});
