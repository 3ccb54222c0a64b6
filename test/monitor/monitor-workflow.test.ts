// Acceptance 4: .github/workflows/monitor.yml played by the local runner (src/runner) on a schedule event,
// against a local origin (real git http-backend) and the GitHub stand-in, with the real actions/monitor
// bundle. The bundle is built and committed by `npm run build`; until actions/monitor/dist/index.js is in the
// checkout's HEAD the test is skipped. STOCKOPS_WORKFLOW_CHECKOUT points it at another checkout.
import { spawnSync } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger, memoryLogger } from "../../src/logger/logger.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { parseMonitorLog } from "../../src/monitor/monitor-log.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { localRunnerSetup, seedOriginFromCheckout, startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import { playEvent } from "../../src/runner/play-event.js";
import { STOCKOPS_ROOT } from "../../src/runner/act-command.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";
import { recentBars } from "./monitor-world.js";
import { pricesCsv } from "./regime-change.js";

const CHECKOUT = process.env.STOCKOPS_WORKFLOW_CHECKOUT ?? STOCKOPS_ROOT;
const bundled = spawnSync("git", ["cat-file", "-e", "HEAD:actions/monitor/dist/index.js"], { cwd: CHECKOUT }).status === 0;
const noWait = { sleep: async () => {}, random: () => 0.5 };

let origin: LocalOrigin | undefined;
let root: string | undefined;
afterAll(async () => {
  await origin?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.skipIf(!bundled)("acceptance 4: monitor.yml on a schedule, in the local runner", () => {
  it("measures red/AAPL's champion, dispatches pipeline.yml for it (70 new price days), opens its issue and logs every branch on trading", async () => {
    root = await makeTempDir("stockops-monitor-act-");
    origin = await startLocalOrigin({ gitRoot: join(root, "git"), repository: "acme/stockops" });
    await seedOriginFromCheckout(CHECKOUT, origin.bareDir);
    // red/AAPL: a ridge champion trained on real AAPL prices from a CSV file; then 70 more days arrive in that
    // file (what the data update does), so the champion is stale (limit 21) and retraining is dispatched.
    const bars = await recentBars("AAPL", 1000);
    const csv = join(root, "AAPL.csv");
    await writeFile(csv, pricesCsv(bars.slice(0, -70)));
    const clone = join(root, "red-aapl");
    await gitCli(root, ["clone", "--quiet", origin.originUrl, clone]);
    await gitCli(clone, ["checkout", "--quiet", "-b", "red/AAPL"]);
    await writeFile(join(clone, "stockops.toml"), `symbol = "AAPL"\nteam = "red"\nseed = 42\n\n[data]\nsource = "csv"\npath = "${csv}"\n\n[model]\nkind = "ridge"\n\n[gate]\nmin_skill_vs_naive = -1\n`);
    await gitCli(clone, ["add", "stockops.toml"]);
    await gitCli(clone, ["commit", "--quiet", "-m", "red/AAPL config"]);
    await gitCli(clone, ["push", "--quiet", "origin", "red/AAPL"]);
    await runPipeline({ dir: clone, logger: silentLogger });
    await publishArtifacts({ repo: openGitRepo({ dir: clone }), branch: "red/AAPL", team: "red", symbol: "AAPL", workdir: clone, logger: silentLogger, clock: { now: () => new Date("2026-11-20T21:00:00Z") }, retry: noWait });
    await writeFile(csv, pricesCsv(bars));

    const logger = memoryLogger();
    const result = await playEvent(
      localRunnerSetup(origin, { root: join(root, "runner"), repository: "acme/stockops", token: "ghs_localMonitorRun0001", hostProjectRoot: STOCKOPS_ROOT, logger }),
      { event: "schedule", workflow: "monitor.yml" },
    );
    expect(result.runs.map((run) => [run.file, run.conclusion])).toEqual([[".github/workflows/monitor.yml", "success"]]);
    const repo = origin.standIn.state.repos.get("acme/stockops")!;
    expect(repo.dispatches).toEqual([{ workflow: "pipeline.yml", ref: "main", inputs: { branch: "red/AAPL" } }]);
    expect([...repo.issues.values()].map((issue) => issue.title)).toEqual([expect.stringContaining("[stockops:monitor red/AAPL]")]);
    const log = parseMonitorLog(await gitCli(origin.bareDir, ["show", "trading:monitoring/red/AAPL.jsonl"]), "log");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ branch: "red/AAPL", champion: { version: 1 }, dispatched: true, staleness: { new_days: 70, stale: true } });
    // Branches of branches.json that have no champion are logged as not measured, and the run still succeeds.
    expect(await gitCli(origin.bareDir, ["show", "trading:monitoring/blue/SPX.jsonl"])).toContain('"error"');
  }, 300_000);
});
