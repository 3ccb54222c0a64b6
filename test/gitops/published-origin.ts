import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { createTempRemote, gitCli, makeTempDir } from "../support/temp-repo.js";

export const BRANCHES = { teams: { red: {} }, branches: [{ team: "red", symbol: "AAPL" }] };
const WORKFLOW = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n";

/**
 * red/AAPL's config: a ridge on the embedded real AAPL prices (2013-05-13 … 2018-05-11, shipped in
 * @observablehq/sample-datasets), trained through 2017, so 2018 dates can be traded without look-ahead.
 */
export const MODEL_CONFIG = `symbol = "AAPL"\nteam = "red"\nseed = 7\n\n[data]\nsource = "package"\nend = "2017-12-29"\n\n[model]\nkind = "ridge"\nalpha = 1\n\n[gate]\nmin_skill_vs_naive = -10\n`;

export interface PublishedOrigin {
  /** The seeded bare repository; copy it (`copyOrigin`) rather than change it. */
  bareDir: string;
  /** red/AAPL's commit on the origin (its published v2). */
  head: string;
  /** Commit of each version tag: `v1`, `v2`. */
  tags: Record<string, string>;
  /** The version champion.json names after both publishes (the gate decides: v2 only if its test error is lower). */
  champion: number;
  cleanup(): Promise<void>;
}

/**
 * A bare origin as a real project has it after one pipeline run: main with branches.json and the four
 * required workflows, red/AAPL trained twice by the real pipeline (ridge alpha 1, then 50) and published
 * each time by the real `publishArtifacts` (versions.jsonl, champion.json, tags models/red/AAPL/v1 and v2). Built over the tested HTTP path (a real
 * `git http-backend`), so the transports under test only ever read and push it.
 */
export async function createPublishedOrigin(): Promise<PublishedOrigin> {
  const workflows = Object.fromEntries(["pipeline.yml", "pr-report.yml", "trade.yml", "monitor.yml"].map((name) => [`.github/workflows/${name}`, WORKFLOW]));
  const remote = await createTempRemote({ "branches.json": `${JSON.stringify(BRANCHES, null, 2)}\n`, ...workflows });
  const work = await makeTempDir("stockops-origin-seed-");
  try {
    await gitCli(work, ["clone", "--quiet", remote.url, "clone"]);
    const dir = join(work, "clone");
    await gitCli(dir, ["checkout", "--quiet", "-b", "red/AAPL"]);
    await writeFile(join(dir, "stockops.toml"), MODEL_CONFIG);
    await gitCli(dir, ["add", "stockops.toml"]);
    await gitCli(dir, ["commit", "--quiet", "-m", "config red/AAPL"]);
    await gitCli(dir, ["push", "--quiet", "origin", "red/AAPL"]);
    for (const [index, alpha] of [1, 50].entries()) {
      if (index > 0) {
        await gitCli(dir, ["fetch", "--quiet", "origin", "red/AAPL"]);
        await gitCli(dir, ["reset", "--quiet", "--hard", "origin/red/AAPL"]);
        await writeFile(join(dir, "stockops.toml"), MODEL_CONFIG.replace("alpha = 1", `alpha = ${alpha}`));
        await gitCli(dir, ["commit", "--quiet", "-am", `config red/AAPL: alpha ${alpha}`]);
        await gitCli(dir, ["push", "--quiet", "origin", "red/AAPL"]);
      }
      await runPipeline({ dir, logger: silentLogger });
      const clock = { now: () => new Date(`2018-01-0${2 + index}T21:00:00Z`) };
      await publishArtifacts({ repo: openGitRepo({ dir }), branch: "red/AAPL", team: "red", symbol: "AAPL", workdir: dir, logger: silentLogger, clock, retry: { sleep: async () => {}, random: () => 0.5 } });
    }
    const bareDir = join(await makeTempDir("stockops-origin-"), "origin.git");
    await cp(remote.bareDir, bareDir, { recursive: true });
    const head = await gitCli(bareDir, ["rev-parse", "refs/heads/red/AAPL"]);
    const tags = Object.fromEntries(await Promise.all([1, 2].map(async (version) => [`v${version}`, await gitCli(bareDir, ["rev-parse", `models/red/AAPL/v${version}^{commit}`])])));
    const champion = (JSON.parse(await gitCli(bareDir, ["show", "refs/heads/red/AAPL:models/AAPL/champion.json"])) as { version: number }).version;
    return { bareDir, head, tags, champion, cleanup: () => rm(join(bareDir, ".."), { recursive: true, force: true }) };
  } finally {
    await rm(work, { recursive: true, force: true });
    await remote.cleanup();
  }
}

/** A copy of the seeded origin under `parent`, so each transport's tests change only their own. */
export async function copyOrigin(origin: PublishedOrigin, parent: string): Promise<string> {
  const target = join(parent, "origin.git");
  await mkdir(parent, { recursive: true });
  await cp(origin.bareDir, target, { recursive: true });
  return target;
}
