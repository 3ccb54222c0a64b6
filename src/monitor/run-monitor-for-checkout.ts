import { join } from "node:path";
import { BRANCHES_FILE, readBranchesConfig } from "../config/read-branches-config.js";
import { githubFromEnv } from "../github/github-from-env.js";
import { gitAccessFromEnv } from "../gitops/git-access.js";
import { openGitRepo } from "../gitops/isomorphic-git-repo.js";
import type { Logger } from "../logger/logger.js";
import { gitMonitorSources } from "./monitor-sources.js";
import { servedPredictions } from "./served-predictions.js";
import { runMonitor, type MonitorSummary } from "./run-monitor.js";

export interface MonitorCheckoutOptions {
  /** A checkout of main: branches.json (with its `monitor` thresholds), data files for `dvc` branches. */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Read current prices from `<SYMBOL>.csv` here instead of each branch's [data]. */
  pricesDir?: string;
  /** Score the live predictions of this serve prediction log (`stockops serve --log DIR`) instead of the trading ledger. */
  predictionLogDir?: string;
  /** Only these `team/SYMBOL` branches. */
  only?: string[];
  /** Measure and print only: no dispatch, no issue, no log commit. */
  dryRun?: boolean;
  workflow?: string;
  logger: Logger;
  clock?: { now(): Date };
}

/**
 * What `stockops monitor` and the monitor action both run: sources from the checkout's origin
 * (GITHUB_TOKEN for HTTPS), GitHub from GITHUB_TOKEN / GITHUB_API_URL / GITHUB_REPOSITORY.
 * Without a token (or with dryRun) it measures and prints, and dispatches nothing.
 */
export async function runMonitorForCheckout(options: MonitorCheckoutOptions): Promise<MonitorSummary> {
  const { env, dir } = options;
  const token = env.GITHUB_TOKEN || undefined;
  const branches = await readBranchesConfig(join(dir, BRANCHES_FILE));
  const repo = openGitRepo({ dir, ...gitAccessFromEnv(env) });
  const sources = gitMonitorSources({ repo, dir, ...(options.pricesDir ? { pricesDir: options.pricesDir } : {}), logger: options.logger });
  const github = !options.dryRun && token ? await githubFromEnv(env, token) : undefined;
  if (!github && !options.dryRun) options.logger.warn("GITHUB_TOKEN is not set: measuring and logging only, nothing dispatched, no issue opened");
  const runLink = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return runMonitor({
    branches,
    sources,
    ...(github ? { github } : {}),
    ...(options.workflow ? { workflow: options.workflow } : {}),
    // pipeline.yml runs from the default branch (its current workflow file) and checks out the model branch it is given.
    ...(github ? { dispatchRef: (await github.api.getRepo(github.repo)).defaultBranch } : {}),
    ...(options.only ? { only: options.only } : {}),
    ...(options.predictionLogDir ? { livePredictions: await servedPredictions(options.predictionLogDir) } : {}),
    writeLog: !options.dryRun,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(runLink ? { runLink } : {}),
    logger: options.logger,
  });
}
