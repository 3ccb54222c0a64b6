// The static predictions feed in the dashboard workflow's Pages artifact: .github/workflows/dashboard.yml
// played by the local runner (src/runner, as `stockops act` does) on a workflow_dispatch, against a local
// origin (real git http-backend) seeded from this checkout's committed main, with red/AAPL's champion
// published by the real pipeline and publish step on the embedded AAPL prices.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger, silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { STOCKOPS_ROOT } from "../../src/runner/act-command.js";
import { localRunnerSetup, seedOriginFromCheckout, startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import { playEvent } from "../../src/runner/play-event.js";
import { feedSchema } from "../../src/serve/api-schemas.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";
import { modelToml } from "./serve-fixture.js";

let origin: LocalOrigin | undefined;
let root: string | undefined;
afterAll(async () => {
  await origin?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("dashboard.yml publishes the predictions feed", () => {
  it("puts predictions/<team>/<SYMBOL>.json (latest and history, the API's schema) in the github-pages artifact", async () => {
    root = await makeTempDir("stockops-feed-act-");
    origin = await startLocalOrigin({ gitRoot: join(root, "git"), repository: "acme/stockops" });
    await seedOriginFromCheckout(STOCKOPS_ROOT, origin.bareDir);
    const clone = join(root, "red-aapl");
    await gitCli(root, ["clone", "--quiet", origin.originUrl, clone]);
    await gitCli(clone, ["checkout", "--quiet", "-b", "red/AAPL"]);
    await writeFile(join(clone, "stockops.toml"), modelToml("red", 'kind = "ridge"'));
    await gitCli(clone, ["add", "stockops.toml"]);
    await gitCli(clone, ["commit", "--quiet", "-m", "red/AAPL config"]);
    await gitCli(clone, ["push", "--quiet", "origin", "red/AAPL"]);
    await runPipeline({ dir: clone, logger: silentLogger });
    await publishArtifacts({ repo: openGitRepo({ dir: clone }), branch: "red/AAPL", team: "red", symbol: "AAPL", workdir: clone, logger: silentLogger, clock: { now: () => new Date("2026-11-20T21:00:00Z") }, retry: { sleep: async () => {}, random: () => 0.5 } });

    const logger = memoryLogger();
    const result = await playEvent(localRunnerSetup(origin, { root: join(root, "runner"), repository: "acme/stockops", token: "ghs_localFeedRun00001", hostProjectRoot: STOCKOPS_ROOT, logger }), {
      event: "workflow_dispatch",
      workflow: "dashboard.yml",
    });
    expect(result.runs.map((run) => [run.file, run.conclusion]), logger.lines.join("\n")).toEqual([[".github/workflows/dashboard.yml", "success"]]);
    const site = join(result.runs[0]!.dir, "artifacts", "github-pages");
    const feed = feedSchema.parse(JSON.parse(await readFile(join(site, "predictions/red/AAPL.json"), "utf8")));
    expect(feed.error).toBeNull();
    expect(feed.latest).toMatchObject({ team: "red", symbol: "AAPL", date: "2018-05-11", model: { version: "v1", tag: "models/red/AAPL/v1" }, after_trained_through: true });
    expect(feed.history).toHaveLength(60);
    expect(feed.history.at(-1)).toEqual(feed.latest);
    expect(feed.history.every((prediction) => prediction.date > prediction.model.trained_through)).toBe(true);
    // Branches of branches.json with no champion on the origin get a file that says why.
    const spx = feedSchema.parse(JSON.parse(await readFile(join(site, "predictions/blue/SPX.json"), "utf8")));
    expect(spx.latest).toBeNull();
    expect(spx.error).toMatch(/not served/);
    expect(await readFile(join(site, "index.html"), "utf8")).toContain("<html");
  }, 300_000);
});
