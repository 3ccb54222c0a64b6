import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { branchesFor } from "../trading/fakes.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

const noWait = { sleep: async () => {}, random: () => 0.5 };

/** stockops.toml of a model branch on the embedded AAPL prices (2013-05-13 … 2018-05-11, in an npm package). */
export function modelToml(team: string, model: string): string {
  return `symbol = "AAPL"\nteam = "${team}"\nseed = 7\n\n[data]\nsource = "package"\n\n[model]\n${model}\n\n[gate]\nmin_skill_vs_naive = -1\nallow_worse_than_champion = true\n`;
}

export interface ServeWorld {
  remote: TempRemote;
  /** A clone of the origin, with one local branch per model branch. */
  clone: string;
  root: string;
  cleanup(): Promise<void>;
}

/**
 * An origin (real git http-backend) whose main lists red/AAPL and blue/AAPL in branches.json. Each
 * `publish` runs the real pipeline and publish step, so the branch gets versions.jsonl, champion.json
 * and a version tag exactly as in production.
 */
export async function serveWorld(teams: Record<string, string[]> = { red: ["AAPL"], blue: ["AAPL"] }): Promise<ServeWorld> {
  const remote = await createTempRemote({ "branches.json": `${JSON.stringify(branchesFor(teams), null, 2)}\n` });
  const root = await makeTempDir("stockops-serve-");
  const clone = join(root, "clone");
  await gitCli(root, ["clone", "--quiet", remote.url, clone]);
  return {
    remote,
    clone,
    root,
    cleanup: async () => {
      await remote.cleanup();
      await rm(root, { recursive: true, force: true });
    },
  };
}

let day = 0;

/** Commits `model` as the branch's config, runs the pipeline and publishes; returns the version published. */
export async function publishVersion(world: ServeWorld, team: string, model: string): Promise<number> {
  const branch = `${team}/AAPL`;
  const { clone } = world;
  const exists = (await gitCli(clone, ["branch", "--list", branch])) !== "";
  await gitCli(clone, ["checkout", "--quiet", ...(exists ? [branch] : ["-b", branch, "main"])]);
  await writeFile(join(clone, "stockops.toml"), modelToml(team, model));
  await gitCli(clone, ["add", "stockops.toml"]);
  await gitCli(clone, ["commit", "--quiet", "--allow-empty", "-m", `${branch}: ${model}`]);
  await gitCli(clone, ["push", "--quiet", "origin", branch]);
  await runPipeline({ dir: clone, logger: silentLogger });
  day++;
  const result = await publishArtifacts({
    repo: openGitRepo({ dir: clone }),
    branch,
    team,
    symbol: "AAPL",
    workdir: clone,
    logger: silentLogger,
    clock: { now: () => new Date(Date.UTC(2026, 0, 5 + day, 21)) },
    retry: noWait,
  });
  await gitCli(clone, ["fetch", "--quiet", "origin", branch]);
  await gitCli(clone, ["reset", "--quiet", "--hard", `origin/${branch}`]);
  await gitCli(clone, ["clean", "-fdxq"]);
  if (result.version === undefined || !result.promoted) throw new Error(`publish of ${branch} did not promote: ${result.gateReason ?? result.skippedReason}`);
  return result.version;
}
