// The static predictions feed in the dashboard workflow's Pages artifact: .github/workflows/dashboard.yml
// played by `stockops act workflow_dispatch --workflow dashboard.yml --origin URL`, against a local
// origin (real git http-backend) seeded from this checkout's committed main, with red/AAPL's champion
// published by the real pipeline and publish step on the embedded AAPL prices.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { STOCKOPS_ROOT } from "../../src/runner/act-command.js";
import { seedOriginFromCheckout, startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import { feedSchema } from "../../src/serve/api-schemas.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";
import { modelToml } from "./serve-fixture.js";

const CLI = join(STOCKOPS_ROOT, "bin", "stockops.js");
const execFileAsync = promisify(execFile);
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

    const act = join(root, "act");
    // Not spawnSync: the origin's git http-backend is served by this process and must keep answering.
    const played = await execFileAsync(process.execPath, [CLI, "act", "workflow_dispatch", "--workflow", "dashboard.yml", "--origin", origin.originUrl, "--repository", "acme/stockops", "--dir", act], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }).catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`stockops act failed: ${error.message}\n${error.stdout}\n${error.stderr}`);
    });
    expect(played.stdout).toMatch(/dashboard/);
    const runs = await readdir(join(act, "runner", "runs"));
    expect(runs).toHaveLength(1);
    const site = join(act, "runner", "runs", runs[0]!, "artifacts", "github-pages");
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
