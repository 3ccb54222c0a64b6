// A local origin (real git http-backend) whose model branch red/AAPL exists only as origin/red/AAPL in a clone
// on main, and the sweep command run in that clone: what `stockops sweep --on` and the matrix modes read.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli.js";
import sweepCommand from "../../src/cli/commands/sweep.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { realPrices } from "../support/real-prices.js";
import { createTempRemote, gitCli, makeTempDir, writeTree, type FileTree, type TempRemote } from "../support/temp-repo.js";

export const MODEL_CONFIG = (alpha: number) =>
  `symbol = "AAPL"\nteam = "red"\nseed = 7\n\n[data]\nsource = "csv"\npath = "${realPrices.path("AAPL")}"\nstart = 2016-01-01\nend = 2018-12-31\n\n[model]\nkind = "ridge"\nalpha = ${alpha}\n`;

export interface SweepWorld {
  remote: TempRemote;
  /** A clone on main; red/AAPL is only origin/red/AAPL there. */
  clone: string;
  /** origin/red/AAPL's commit. */
  branchCommit: string;
  /** `stockops sweep …` in the clone; stdout and the logger's lines are kept. */
  sweep(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string; log: string }>;
  /** Commits `files` on `branch` from a second clone and pushes it. */
  pushTo(branch: string, files: FileTree, message: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createSweepWorld(branchFiles: FileTree = {}): Promise<SweepWorld> {
  const remote = await createTempRemote({ "README.md": "main holds the code\n" });
  const parent = await makeTempDir("stockops-sweep-world-");
  const clone = join(parent, "clone");
  await gitCli(parent, ["clone", "--quiet", remote.url, clone]);
  const pushTo = async (branch: string, files: FileTree, message: string) => {
    const other = join(parent, `pusher-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    await gitCli(parent, ["clone", "--quiet", remote.url, other]);
    const exists = (await gitCli(other, ["ls-remote", "origin", `refs/heads/${branch}`])) !== "";
    await gitCli(other, ["checkout", "--quiet", "-B", branch, exists ? `origin/${branch}` : "origin/main"]);
    await writeTree(other, files);
    await gitCli(other, ["add", "-A"]);
    await gitCli(other, ["commit", "--quiet", "-m", message]);
    await gitCli(other, ["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`]);
    const commit = await gitCli(other, ["rev-parse", "HEAD"]);
    await rm(other, { recursive: true, force: true });
    return commit;
  };
  const branchCommit = await pushTo("red/AAPL", { "stockops.toml": MODEL_CONFIG(1), ...branchFiles }, "red/AAPL config");
  await gitCli(clone, ["fetch", "--quiet", "origin"]);
  return {
    remote,
    clone,
    branchCommit,
    pushTo,
    async sweep(args, env = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const logger = memoryLogger();
      const code = await runCli(["sweep", ...args], [sweepCommand], { out: (text) => out.push(text), cwd: clone, env, logger }, (text) => err.push(text));
      return { code, out: out.join("\n"), err: err.join(""), log: logger.lines.join("\n") };
    },
    async cleanup() {
      await remote.cleanup();
      await rm(parent, { recursive: true, force: true });
    },
  };
}
