import { afterEach, describe, expect, it } from "vitest";
import { createOctokitClient } from "../../src/github/octokit-client.js";
import { createRestGitHubApi } from "../../src/github/rest-github-api.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { prReportMarker, upsertStickyComment } from "../../src/github/sticky-comment.js";
import { upsertIssue } from "../../src/github/upsert-issue.js";
import { pullRequestOpened } from "./webhook-payloads.js";

const REPO = { owner: "Codertocat", repo: "Hello-World" };
let standIn: GitHubStandIn;
afterEach(async () => standIn?.close());

async function setUp() {
  standIn = await startGitHubStandIn({ token: "t0ken" });
  standIn.state.addPullRequest("Codertocat/Hello-World", pullRequestOpened().pull_request);
  return createRestGitHubApi(await createOctokitClient({ token: "t0ken", baseUrl: standIn.url }));
}

describe("upsertStickyComment", () => {
  it("creates the comment once, then edits it in place, even when it sits on a later page", async () => {
    const api = await setUp();
    const marker = prReportMarker("red", "AAPL");
    expect(marker).toBe("<!-- stockops:pr-report red/AAPL -->");
    for (let index = 0; index < 130; index += 1) await api.createIssueComment(REPO, 2, `review remark ${index}`);
    const first = await upsertStickyComment(api, REPO, 2, marker, "report v1");
    expect(first.action).toBe("created");
    await upsertStickyComment(api, REPO, 2, prReportMarker("red", "MSFT"), "another branch's report");
    const second = await upsertStickyComment(api, REPO, 2, marker, `${marker}\nreport v2`);
    expect(second).toMatchObject({ action: "updated", id: first.id });
    expect(second.url).toContain(`#issuecomment-${first.id}`);
    const comments = standIn.state.commentsOn("Codertocat/Hello-World", 2);
    expect(comments.filter((comment) => comment.body.includes(marker))).toHaveLength(1);
    expect(comments.find((comment) => comment.id === first.id)!.body).toBe(`${marker}\nreport v2`);
    expect(comments.find((comment) => comment.body.includes("red/MSFT"))!.body).toBe(`${prReportMarker("red", "MSFT")}\nanother branch's report`);
    expect(comments).toHaveLength(1 + 130 + 1);
    expect(comments.findIndex((comment) => comment.id === first.id)).toBe(130);
    const pagesRead = standIn.requests.filter((request) => request.method === "GET").map((request) => request.query.page);
    expect(pagesRead.slice(-2)).toEqual(["1", "2"]);
  });

  it("never takes over a reviewer's comment that quotes the marker", async () => {
    const api = await setUp();
    const marker = prReportMarker("red", "AAPL");
    const quoted = await api.createIssueComment(REPO, 2, `Why does the bot write ${marker} at the top?`);
    const result = await upsertStickyComment(api, REPO, 2, marker, "report");
    expect(result.action).toBe("created");
    expect(result.id).not.toBe(quoted.id);
    expect(standIn.state.commentsOn("Codertocat/Hello-World", 2).find((comment) => comment.id === quoted.id)!.body).toBe(`Why does the bot write ${marker} at the top?`);
  });
});

describe("upsertIssue", () => {
  it("opens one issue per marker and updates it on the next call", async () => {
    const api = await setUp();
    const lookup = { labels: ["stockops", "drift"], titleMarker: "[stockops:drift red/AAPL]" };
    const first = await upsertIssue(api, REPO, lookup, { title: "Data drift on red/AAPL", body: "psi 0.31" });
    const second = await upsertIssue(api, REPO, lookup, { title: "Data drift on red/AAPL", body: "psi 0.35" });
    expect([first.action, second.action]).toEqual(["created", "updated"]);
    expect(second.issue.number).toBe(first.issue.number);
    expect(second.issue).toMatchObject({ title: "Data drift on red/AAPL [stockops:drift red/AAPL]", body: "psi 0.35", labels: ["stockops", "drift"] });
    const other = await upsertIssue(api, REPO, { ...lookup, titleMarker: "[stockops:drift blue/MSFT]" }, { title: "Data drift on blue/MSFT", body: "psi 0.4" });
    expect(other.action).toBe("created");
    expect(other.issue.number).not.toBe(first.issue.number);
  });
});
