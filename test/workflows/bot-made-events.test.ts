// Events made with GITHUB_TOKEN start no workflow run (except workflow_dispatch and repository_dispatch):
// the pull request sweep.yml opens gets no pull_request run, so the sweep dispatches pr-report.yml with the
// pull request's number. Through `stockops act` on a local origin: the sweep ends with that dispatch
// recorded by the GitHub stand-in, and playing it posts the report on the pull request.
// (The bundled report action runs here, so this needs actions/*/dist built from the current src/.)
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STOCKOPS_ROOT } from "../../src/runner/act-command.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { localRunnerSetup, startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import { playEvent } from "../../src/runner/play-event.js";
import { defaultModelConfigToml } from "../../src/config/default-model-config.js";
import { copyOfProject } from "../support/project-copy.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";

const REPOSITORY = "acme/stockops";
let origin: LocalOrigin;
let root: string;

beforeAll(async () => {
  const project = await copyOfProject();
  root = await makeTempDir("stockops-bot-events-");
  origin = await startLocalOrigin({ gitRoot: join(root, "git"), repository: REPOSITORY });
  await gitCli(project, ["push", "--quiet", origin.originUrl, "main"]);
  await gitCli(project, ["checkout", "--quiet", "-b", "red/AAPL"]);
  await writeFile(join(project, "stockops.toml"), defaultModelConfigToml("red", "AAPL"));
  await gitCli(project, ["add", "stockops.toml"]);
  await gitCli(project, ["commit", "--quiet", "-m", "red/AAPL config"]);
  await gitCli(project, ["push", "--quiet", origin.originUrl, "red/AAPL"]);
}, 120_000);
afterAll(async () => origin?.close());

describe("a pull request opened with GITHUB_TOKEN", () => {
  it("sweep.yml dispatches pr-report.yml for the pull request it opens, and playing the dispatch posts the report", async () => {
    const logger = memoryLogger();
    const setup = localRunnerSetup(origin, { root: join(root, "runner"), repository: REPOSITORY, token: "ghs_localBotEvents0001", hostProjectRoot: STOCKOPS_ROOT, logger });
    const sweep = await playEvent(setup, { event: "workflow_dispatch", workflow: "sweep.yml", inputs: { branch: "red/AAPL", sets: "model.alpha=0.01,1000", experiment: "exp/red/AAPL/alpha" } });
    expect(sweep.runs[0]!.conclusion, logger.lines.slice(-30).join("\n")).toBe("success");
    const created = origin.standIn.requests.find((request) => request.method === "POST" && request.path === `/repos/${REPOSITORY}/pulls`);
    expect(created?.body).toMatchObject({ head: "exp/red/AAPL/alpha", base: "red/AAPL" });
    const dispatches = origin.standIn.state.repos.get(REPOSITORY)!.dispatches;
    expect(dispatches).toEqual([{ workflow: "pr-report.yml", ref: "main", inputs: { pr: expect.stringMatching(/^\d+$/), head: "exp/red/AAPL/alpha" } }]);
    expect(logger.lines.join("\n")).toMatch(/dispatched pr-report\.yml on main for pull request #\d+/);

    const { inputs } = dispatches[0]! as { inputs: Record<string, string> };
    const report = await playEvent(setup, { event: "workflow_dispatch", workflow: "pr-report.yml", branch: "main", inputs });
    expect(report.runs[0]!.conclusion, logger.lines.slice(-30).join("\n")).toBe("success");
    const comment = origin.standIn.requests.find((request) => request.method === "POST" && request.path === `/repos/${REPOSITORY}/issues/${inputs.pr}/comments`);
    expect(String((comment?.body as { body?: string } | undefined)?.body ?? "")).toMatch(/^<!-- stockops:pr-report red\/AAPL -->/);
  }, 600_000);
});
