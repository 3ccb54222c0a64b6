import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { realPrices } from "../support/real-prices.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

/** A model branch's stockops.toml reading data/<SYMBOL>.csv through data.dvc; `pin` adds `pin = …` to [data]. */
export function dvcBranchToml(team: string, symbol: string, pin?: boolean): string {
  return `symbol = "${symbol}"\nteam = "${team}"\nseed = 7\n\n[data]\nsource = "dvc"\n${pin === undefined ? "" : `pin = ${pin}\n`}\n[model]\nkind = "ridge"\n\n[gate]\nmin_skill_vs_naive = -10\n`;
}

export interface FollowWorld {
  remote: TempRemote;
  /** Folder remote of the DVC data, holding the objects of both data versions. */
  dataRemote: string;
  /** main's commits: v1 adds data.dvc with the first data version, v2 appends 30 days. */
  main: { v1: string; v2: string };
  /** data.dvc out md5 of each version. */
  version: { v1: string; v2: string };
  /** Last price date of each version. */
  lastDate: { v1: string; v2: string };
  parent: string;
  cleanup(): Promise<void>;
}

/**
 * A local origin (real git http-backend) whose main tracks data/AAPL.csv (real prices) with data.dvc and a folder
 * remote, in two versions; the model branches in `branches` were created from main at v1, so each carries v1's
 * data.dvc, and get the given stockops.toml. branches.json lists `listed` (default: the branches given).
 */
export async function createFollowWorld(branches: Record<string, string>, listed: string[] = Object.keys(branches)): Promise<FollowWorld> {
  const parent = await makeTempDir("stockops-follow-");
  const dataRemote = join(parent, "data-remote");
  const lines = (await readFile(realPrices.path("AAPL"), "utf8")).trimEnd().split("\n");
  const [header, rows] = [lines[0]!, lines.slice(-400)];
  const csv = (count: number) => `${header}\n${rows.slice(0, count).join("\n")}\n`;
  const branchesJson = {
    teams: Object.fromEntries([...new Set(listed.map((branch) => branch.split("/")[0]!))].map((team) => [team, {}])),
    branches: listed.map((branch) => ({ team: branch.split("/")[0], symbol: branch.split("/")[1] })),
  };
  const remote = await createTempRemote({
    "branches.json": `${JSON.stringify(branchesJson, null, 2)}\n`,
    ".gitignore": "/data/\n/.dvc/cache\n/.dvc/tmp\n",
    ".dvc/config": `[core]\n    remote = store\n['remote "store"']\n    url = ${dataRemote}\n`,
  });
  const main = join(parent, "main");
  await gitCli(parent, ["clone", "--quiet", remote.url, "main"]);
  await mkdir(join(main, "data"));
  const publishVersion = async (count: number) => {
    await writeFile(join(main, "data", "AAPL.csv"), csv(count));
    await cli(["data", "add", "data"], main);
    await cli(["data", "push"], main);
    await gitCli(main, ["add", "data.dvc"]);
    await gitCli(main, ["commit", "--quiet", "-m", `data: ${count} rows`]);
    await gitCli(main, ["push", "--quiet", "origin", "main"]);
    const dvc = await readFile(join(main, "data.dvc"), "utf8");
    return { commit: await gitCli(main, ["rev-parse", "HEAD"]), md5: /md5: (\S+)/.exec(dvc)![1]!, last: rows[count - 1]!.slice(0, 10) };
  };
  const v1 = await publishVersion(370);
  for (const [branch, toml] of Object.entries(branches)) {
    await gitCli(main, ["checkout", "--quiet", "-b", branch, v1.commit]);
    await writeFile(join(main, "stockops.toml"), toml);
    await gitCli(main, ["add", "stockops.toml"]);
    await gitCli(main, ["commit", "--quiet", "-m", `${branch}: config`]);
    await gitCli(main, ["push", "--quiet", "origin", branch]);
  }
  await gitCli(main, ["checkout", "--quiet", "main"]);
  const v2 = await publishVersion(400);
  return {
    remote,
    dataRemote,
    main: { v1: v1.commit, v2: v2.commit },
    version: { v1: v1.md5, v2: v2.md5 },
    lastDate: { v1: v1.last, v2: v2.last },
    parent,
    cleanup: async () => {
      await remote.cleanup();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

/** `stockops <argv>` in `cwd`; throws with its output when the exit code is not 0 unless `expectFailure`. */
export async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}, expectFailure = false): Promise<{ code: number; out: string; err: string; log: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const logger = memoryLogger();
  const code = await runCli(argv, await loadCommands(), { out: (text) => out.push(text), cwd, env, logger }, (text) => err.push(text));
  const result = { code, out: out.join("\n"), err: err.join(""), log: logger.lines };
  if (code !== 0 && !expectFailure) throw new Error(`stockops ${argv.join(" ")} exited ${code}: ${result.err}${result.out}`);
  return result;
}
