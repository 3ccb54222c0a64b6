import { join } from "node:path";
import { MODEL_CONFIG_FILE, readModelConfig } from "../config/read-model-config.js";
import { DataError, GitError } from "../errors.js";
import { confinedPath } from "../files/confine-path.js";
import { readBoundedText } from "../files/read-bounded.js";
import type { GitRepo } from "../gitops/git-repo.js";
import { artifactPaths } from "../pipeline/artifact-paths.js";
import { readReportSide } from "../report/pr-report/read-report-side.js";
import { runPrReportFlow, type PrReportFlowInput, type PrReportFlowResult } from "./pr-report-flow.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { isFromFork, parsePullRequestEvent } from "./pull-request-event.js";

export interface CheckoutPrReportOptions extends Pick<PrReportFlowInput, "api" | "writeSummary" | "logger" | "verdict"> {
  /** The pull request's checkout, where `stockops run` has just evaluated the head. */
  dir: string;
  /** The `pull_request` payload (parsed GITHUB_EVENT_PATH). */
  event: unknown;
  /** The checkout's clone (`openGitRepo({ dir, token })`): the base branch is fetched, so a shallow checkout works. */
  git: Pick<GitRepo, "fetchBranch" | "readFile">;
  /**
   * The caller has just run every stage of the head with `force` (the report action does): nothing the head
   * committed was reused. Without it, a fork's head is re-evaluated here before anything is read.
   */
  headRecomputed?: boolean;
}

/** What the report action and `stockops pr-report` run: head from the folder, base from the remote's git objects. */
export async function runPrReportForCheckout(options: CheckoutPrReportOptions): Promise<PrReportFlowResult> {
  const event = parsePullRequestEvent(options.event);
  // A fork's committed metrics.json and stockops.lock entries could be forged to match each other and skip
  // evaluate: its report recomputes every stage and trusts none of the head's artifacts.
  if (isFromFork(event) && !options.headRecomputed) {
    await runPipeline({ dir: options.dir, until: "evaluate", force: true, confineData: true, logger: options.logger });
  }
  const config = await readModelConfig(join(options.dir, MODEL_CONFIG_FILE));
  const { head: headBranch, base: baseBranch } = event.pull_request;
  const head = await readReportSide({
    read: (filepath) => readHeadFile(options.dir, filepath),
    symbol: config.symbol,
    commit: headBranch.sha,
    branch: headBranch.ref,
  });
  if (!head) {
    throw new DataError("not found; evaluate the head first (stockops run) so the report has metrics to show", { file: join(options.dir, artifactPaths(config.symbol).metrics) });
  }
  const baseCommit = await options.git.fetchBranch(baseBranch.ref);
  if (!baseCommit) throw new GitError(`the base branch '${baseBranch.ref}' is not on the remote; expected the model branch the pull request targets`, { field: "pull_request.base.ref" });
  const decoder = new TextDecoder();
  const readBaseFile = async (filepath: string) => {
    const bytes = await options.git.readFile(baseCommit, filepath);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  return runPrReportFlow({ ...options, event: options.event, head, readBaseFile, baseCommit });
}

/** A head file, confined to the checkout (no link followed) and bounded; undefined when absent. */
async function readHeadFile(dir: string, filepath: string): Promise<string | undefined> {
  const path = await confinedPath(dir, filepath);
  try {
    return await readBoundedText(path, "artifact");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
