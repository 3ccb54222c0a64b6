import { join } from "node:path";
import type { BranchesConfig } from "../config/branches-config.js";
import { readBranchesConfig, BRANCHES_FILE } from "../config/read-branches-config.js";
import { openGitRepo } from "../gitops/isomorphic-git-repo.js";
import { gitBranchReader } from "./branch-files.js";
import { branchChampionSource, type ChampionSource } from "./champion-source.js";
import { pipelineModelRuntime } from "./model-runtime.js";
import { branchPriceSource, csvDirectoryPriceSource, type PriceSource } from "./price-source.js";

export interface RepoTradingSources {
  branches: BranchesConfig;
  champions: ChampionSource;
  prices: PriceSource;
  /** The repository the branches are read from, for messages. */
  where: string;
}

/**
 * What a trading run reads from a checkout of main: branches.json from the working tree, and each model
 * branch's champion and price config from git objects. `pricesDir` swaps the prices for `<SYMBOL>.csv` files.
 */
export async function repoTradingSources(options: { dir: string; pricesDir?: string; remote?: string; env?: NodeJS.ProcessEnv }): Promise<RepoTradingSources> {
  const branches = await readBranchesConfig(join(options.dir, BRANCHES_FILE));
  const read = gitBranchReader(openGitRepo({ dir: options.dir, ...(options.remote ? { remote: options.remote } : {}), ...(options.env ? { env: options.env } : {}) }), options.remote);
  return {
    branches,
    champions: branchChampionSource(read, pipelineModelRuntime),
    prices: options.pricesDir ? csvDirectoryPriceSource(options.pricesDir) : branchPriceSource(read, options.dir),
    where: options.dir,
  };
}
