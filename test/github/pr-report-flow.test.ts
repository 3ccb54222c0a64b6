import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { createOctokitClient } from "../../src/github/octokit-client.js";
import { runPrReportFlow, type PrReportFlowInput } from "../../src/github/pr-report-flow.js";
import { createRestGitHubApi } from "../../src/github/rest-github-api.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { prReportMarker } from "../../src/github/sticky-comment.js";
import { readReportSide } from "../../src/report/pr-report/read-report-side.js";
import type { ReportSide } from "../../src/report/render-pr-report.js";
import { SECTION_TITLES } from "../report/pr-report-fixtures.js";
import { BASE_BRANCH, BASE_TOML, HEAD_BRANCH, HEAD_TOML, baseRepo, folderReader, runBranch, type BaseRepo } from "./pr-report-branches.js";
import { forkPullRequestOpened, pullRequestOpened, type PullRequestPayload } from "./webhook-payloads.js";

const WRITE_TOKEN = "ghs_prReportWriteToken000000000000000";
const FORK_TOKEN = "ghs_prReportForkReadOnly11111111111111";
const REPO_NAME = "Codertocat/Hello-World";

let baseDir: string;
let base: BaseRepo;
let head: ReportSide;
let standIn: GitHubStandIn;

beforeAll(async () => {
  baseDir = await runBranch(BASE_TOML);
  const headDir = await runBranch(HEAD_TOML);
  base = await baseRepo(baseDir);
  const event = pullRequestOpened();
  head = (await readReportSide({ read: folderReader(headDir), symbol: "AAPL", commit: event.pull_request.head.sha, branch: HEAD_BRANCH }))!;
});
afterEach(async () => standIn?.close());

async function flowInput(event: unknown, token: string, summaries: string[]): Promise<PrReportFlowInput> {
  const api = createRestGitHubApi(await createOctokitClient({ token, baseUrl: standIn.url }));
  return {
    event,
    head,
    readBaseFile: base.read,
    baseCommit: base.commit,
    api,
    writeSummary: async (markdown) => void summaries.push(markdown),
    logger: memoryLogger(),
  };
}

async function freshStandIn(payload: PullRequestPayload) {
  standIn = await startGitHubStandIn({ token: WRITE_TOKEN, readOnlyTokens: [FORK_TOKEN] });
  standIn.state.addPullRequest(REPO_NAME, payload.pull_request);
}

describe("PR report flow", () => {
  it("creates the sticky comment on the first run and updates it on the second: one comment in total", async () => {
    const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
    await freshStandIn(event);
    const summaries: string[] = [];
    const first = await runPrReportFlow(await flowInput(event, WRITE_TOKEN, summaries));
    const second = await runPrReportFlow(await flowInput(event, WRITE_TOKEN, summaries));
    expect([first.posted, second.posted]).toEqual(["created", "updated"]);
    const comments = standIn.state.commentsOn(REPO_NAME, 2);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe(`${prReportMarker("red", "AAPL")}\n${second.body}`);
    expect(comments[0]!.body.length).toBeLessThan(65_536);
    expect(second.commentUrl).toContain(`#issuecomment-${comments[0]!.id}`);
    expect(standIn.requests.filter((request) => request.method !== "GET").map((request) => `${request.method} ${request.status}`)).toEqual(["POST 201", "PATCH 200"]);
    expect(summaries).toHaveLength(2);
  });

  it("holds every section, the head commit, the base read from git objects, and the real config diff", async () => {
    const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
    await freshStandIn(event);
    const { body } = await runPrReportFlow(await flowInput(event, WRITE_TOKEN, []));
    for (const title of SECTION_TITLES) expect(body).toContain(title);
    expect(body).toContain("Describes head commit **`ec26c3e`** of `exp/red/AAPL/alpha` (model `ridge`)");
    expect(body).toContain(`Compared with base \`red/AAPL\` at \`${base.commit.slice(0, 7)}\``);
    expect(body).toContain("| `model.alpha` | `1` | `25` |");
    expect(body).toContain("| `features.lags` | `[1,2,3,5,10]` | `[1,2,5]` |");
    expect(body).toContain("| `features.ma_windows` | `[5,10,20,50]` | `[5,20]` |");
    expect(body).toMatch(/Unchanged: `[0-9a-f]{32}`/);
    expect(body.match(/```mermaid/g)).toHaveLength(2);
    expect(body).toContain("orange line: base strategy");
  });

  it("computes the gate's verdict from the head's [gate] and the champion.json read from the base branch", async () => {
    const baseMetrics = (await readReportSide({ read: base.read, symbol: "AAPL", commit: base.commit, branch: BASE_BRANCH }))!.metrics;
    const since = "2026-11-02T21:14:07Z";
    const champion = {
      schema: 1,
      version: 3,
      tag: "models/red/AAPL/v3",
      since,
      reason: "promoted",
      kind: "ridge",
      test_mae: baseMetrics.test.mae,
      skill_vs_naive: baseMetrics.skill_vs_naive,
      history: [{ version: 3, tag: "models/red/AAPL/v3", since, until: null, reason: "promoted" }],
    };
    const withChampion = await baseRepo(baseDir, true, { "models/AAPL/champion.json": JSON.stringify(champion) });
    const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
    await freshStandIn(event);
    const input = { ...(await flowInput(event, WRITE_TOKEN, [])), readBaseFile: withChampion.read, baseCommit: withChampion.commit };
    const { body } = await runPrReportFlow(input);
    expect(head.metrics.test.mae).toBeLessThan(champion.test_mae);
    expect(head.metrics.skill_vs_naive).toBeLessThan(0);
    expect(body).toContain("❌ **Would not be promoted**");
    expect(body).toContain("Current champion of the base branch: v3 (`ridge`");
    expect(body).toContain(`- ❌ fail: significantly better than naive: paired DM p = ${head.metrics.significance!.vs_naive.p_value.toFixed(4)} ≥ alpha 0.05`);
    expect(body).toContain(`- ❌ fail: skill_vs_naive ${head.metrics.skill_vs_naive.toFixed(4)} ≤ min 0`);
    // compared with the champion on skill, never on raw MAE across spans
    expect(body).toContain(`- ✅ pass: skill_vs_naive ${head.metrics.skill_vs_naive.toFixed(4)} ≥ champion v3's ${champion.skill_vs_naive.toFixed(4)} (compared on skill`);
  });

  it("puts a fork's report in the job summary and succeeds without trying to comment", async () => {
    const event = forkPullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
    await freshStandIn(event);
    const summaries: string[] = [];
    const input = await flowInput(event, FORK_TOKEN, summaries);
    const result = await runPrReportFlow(input);
    expect(result.posted).toBe("summary-only");
    expect(result.reason).toContain("fork");
    expect(summaries).toEqual([result.body]);
    expect(standIn.state.commentsOn(REPO_NAME, 2)).toEqual([]);
    expect(standIn.requests).toEqual([]);
    expect((input.logger as ReturnType<typeof memoryLogger>).lines.join("\n")).toContain("job summary");
  });

  it("falls back to the job summary when GitHub answers 403 to a read-only token", async () => {
    const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
    await freshStandIn(event);
    const summaries: string[] = [];
    const result = await runPrReportFlow(await flowInput(event, FORK_TOKEN, summaries));
    expect(result.posted).toBe("summary-only");
    expect(result.reason).toContain("403");
    expect(summaries).toEqual([result.body]);
    expect(standIn.requests.map((request) => `${request.method} ${request.status}`)).toEqual(["GET 200", "POST 403"]);
    expect(standIn.state.commentsOn(REPO_NAME, 2)).toEqual([]);
  });

  it("fails on a wrong token (401): that is a broken setup, not a fork", async () => {
    const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
    await freshStandIn(event);
    await expect(runPrReportFlow(await flowInput(event, "ghs_wrong", []))).rejects.toMatchObject({ status: 401 });
  });

  it("shows the head only when the base branch has published nothing yet", async () => {
    const unpublished = await baseRepo(baseDir, false);
    const event = pullRequestOpened({ base: BASE_BRANCH, head: HEAD_BRANCH });
    await freshStandIn(event);
    const input = { ...(await flowInput(event, WRITE_TOKEN, [])), readBaseFile: unpublished.read, baseCommit: unpublished.commit };
    const result = await runPrReportFlow(input);
    expect(result.posted).toBe("created");
    expect(result.body).toContain("**No base metrics yet**");
  });

  it("names the field when the event is not a pull_request payload", async () => {
    const event = pullRequestOpened();
    delete event.pull_request.head;
    await freshStandIn(pullRequestOpened());
    await expect(runPrReportFlow(await flowInput(event, WRITE_TOKEN, []))).rejects.toThrow(/GITHUB_EVENT_PATH, field 'pull_request.head'/);
  });
});
