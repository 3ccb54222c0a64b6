// .github/workflows/sweep.yml played by the local runner (src/runner) as `stockops act workflow_dispatch
// --workflow sweep.yml` does: the committed checkout is main on a local origin (real git http-backend), red/AAPL
// a model branch there; plan → four trial legs (artifacts) → collect pushes the experiment and opens its PR on
// the GitHub stand-in. STOCKOPS_WORKFLOW_CHECKOUT points it at another checkout.
import TOML from "@iarna/toml";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { STOCKOPS_ROOT } from "../../src/runner/act-command.js";
import { localRunnerSetup, seedOriginFromCheckout, startLocalOrigin, type LocalOrigin } from "../../src/runner/local-origin.js";
import { playEvent } from "../../src/runner/play-event.js";
import { gitCli, makeTempDir } from "../support/temp-repo.js";
import { MODEL_CONFIG } from "./sweep-fixture.js";

const CHECKOUT = process.env.STOCKOPS_WORKFLOW_CHECKOUT ?? STOCKOPS_ROOT;

let origin: LocalOrigin | undefined;
let root: string | undefined;
afterAll(async () => {
  await origin?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("sweep.yml as a workflow_dispatch matrix, in the local runner", () => {
  it("plans four trials, runs one per leg on origin/red/AAPL, collects the best, pushes exp/red/AAPL/alpha on the swept commit and opens its pull request", async () => {
    root = await makeTempDir("stockops-sweep-act-");
    origin = await startLocalOrigin({ gitRoot: join(root, "git"), repository: "acme/stockops" });
    await seedOriginFromCheckout(CHECKOUT, origin.bareDir);
    const clone = join(root, "red-aapl");
    await gitCli(root, ["clone", "--quiet", origin.originUrl, clone]);
    await gitCli(clone, ["checkout", "--quiet", "-b", "red/AAPL"]);
    await writeFile(join(clone, "stockops.toml"), MODEL_CONFIG(1));
    await gitCli(clone, ["add", "stockops.toml"]);
    await gitCli(clone, ["commit", "--quiet", "-m", "red/AAPL config"]);
    await gitCli(clone, ["push", "--quiet", "origin", "red/AAPL"]);
    const swept = await gitCli(clone, ["rev-parse", "HEAD"]);

    const logger = memoryLogger();
    const result = await playEvent(
      localRunnerSetup(origin, { root: join(root, "runner"), repository: "acme/stockops", token: "ghs_localSweepRun0001", hostProjectRoot: STOCKOPS_ROOT, logger }),
      { event: "workflow_dispatch", workflow: "sweep.yml", inputs: { branch: "red/AAPL", sets: "model.alpha=0.01,1000;model.kind=ridge,naive", experiment: "exp/red/AAPL/alpha" } },
    );
    const run = result.runs[0]!;
    expect(run.jobs.map((job) => `${job.name}:${job.conclusion}`), logger.lines.slice(-30).join("\n")).toEqual([
      "plan:success",
      "trial 0 (model.alpha=0.01 model.kind=ridge):success",
      "trial 1 (model.alpha=0.01 model.kind=naive):success",
      "trial 2 (model.alpha=1000 model.kind=ridge):success",
      "trial 3 (model.alpha=1000 model.kind=naive):success",
      "collect:success",
    ]);
    expect(run.conclusion).toBe("success");

    const recorded = JSON.parse(await readFile(join(run.dir, "artifacts", "sweep-results", "sweep-results.json"), "utf8"));
    expect(recorded).toMatchObject({ branch: "red/AAPL", commit: swept, planned: 4 });
    expect(recorded.trials.map((trial: { status: string }) => trial.status)).toEqual(["ok", "invalid", "ok", "invalid"]);
    const [small, , large] = recorded.trials.map((trial: { metrics?: { validation_mae: number } }) => trial.metrics?.validation_mae);
    expect(recorded.best).toBe(small < large ? 0 : 2);

    expect(await gitCli(origin.bareDir, ["rev-parse", "exp/red/AAPL/alpha^"])).toBe(swept);
    const config = TOML.parse(await gitCli(origin.bareDir, ["show", "exp/red/AAPL/alpha:stockops.toml"])) as { model: { alpha: number } };
    expect(config.model.alpha).toBe(recorded.trials[recorded.best].point["model.alpha"]);
    const created = origin.standIn.requests.find((request) => request.method === "POST" && request.path === "/repos/acme/stockops/pulls");
    expect(created?.body).toMatchObject({ head: "exp/red/AAPL/alpha", base: "red/AAPL" });
    expect(run.jobs.at(-1)!.summary).toMatch(/## Sweep of red\/AAPL at [0-9a-f]{12}\n\nGrid sweep, best by validation MAE/);
  }, 600_000);
});
