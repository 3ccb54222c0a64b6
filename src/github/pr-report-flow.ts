import { gateSection } from "../config/model-config.js";
import type { Logger } from "../logger/logger.js";
import { evaluateGate } from "../publish/promotion-gate.js";
import { gateCandidate } from "../publish/champion-comparison.js";
import { parseChampion, publishedPaths, type Champion } from "../publish/published-records.js";
import { renderPrReport, type PromotionVerdict, type ReportSide } from "../report/render-pr-report.js";
import { readReportSide, type ReadBranchFile } from "../report/pr-report/read-report-side.js";
import { GitHubRequestError, parseRepoRef, type GitHubApi, type RepoRef } from "./github-api.js";
import { isFromFork, parsePullRequestEvent, type PullRequestEvent } from "./pull-request-event.js";
import { prReportMarker, upsertStickyComment } from "./sticky-comment.js";

export interface PrReportFlowInput {
  /** The `pull_request` webhook payload (the parsed JSON at GITHUB_EVENT_PATH). */
  event: unknown;
  /** The head, freshly evaluated in this job. */
  head: ReportSide;
  /** Reads a file of the base branch from git objects, e.g. `readTextAtRef` bound to `origin/<base>`. */
  readBaseFile: ReadBranchFile;
  /** Commit id the base ref resolves to (defaults to the payload's `base.sha`). */
  baseCommit?: string;
  /** The gate's verdict; when left out it is computed from the head's `[gate]` and the base's champion.json. */
  verdict?: PromotionVerdict;
  api: GitHubApi;
  /** Appends markdown to the job summary (`core.summary` in an action, a file or stdout elsewhere). */
  writeSummary: (markdown: string) => Promise<void>;
  logger: Logger;
}

export interface PrReportPlan {
  body: string;
  marker: string;
  repo: RepoRef;
  pullNumber: number;
  /** Why no comment will be attempted (fork PR); undefined when one will. */
  summaryOnlyReason: string | undefined;
}

export interface PrReportFlowResult {
  body: string;
  posted: "created" | "updated" | "summary-only";
  commentUrl?: string;
  reason?: string;
}

/** Pure except for reading the base branch: what to post and where. */
export async function planPrReport(input: Omit<PrReportFlowInput, "api" | "writeSummary" | "logger">): Promise<PrReportPlan> {
  const event: PullRequestEvent = parsePullRequestEvent(input.event);
  const { base: baseBranch } = event.pull_request;
  const base = await readReportSide({
    read: input.readBaseFile,
    symbol: input.head.metrics.symbol,
    commit: input.baseCommit ?? baseBranch.sha,
    branch: baseBranch.ref,
  });
  const symbol = input.head.metrics.symbol;
  const championPath = publishedPaths(symbol).champion;
  const champion = parseChampion(await input.readBaseFile(championPath), `${baseBranch.ref}:${championPath}`);
  const verdict = input.verdict ?? gateVerdict(input.head, champion);
  const body = renderPrReport({
    head: input.head,
    base,
    verdict,
    champion: champion && { version: champion.version, kind: champion.kind, test_mae: champion.test_mae },
    pullRequest: { number: event.number, url: event.pull_request.html_url },
  });
  return {
    body,
    marker: prReportMarker(input.head.metrics.team, input.head.metrics.symbol),
    repo: parseRepoRef(event.repository.full_name),
    pullNumber: event.number,
    summaryOnlyReason: isFromFork(event) ? "the pull request comes from a fork, whose GITHUB_TOKEN is read-only" : undefined,
  };
}

/** Posts the sticky comment, or falls back to the job summary when the token may not write. */
export async function applyPrReport(plan: PrReportPlan, { api, writeSummary, logger }: Pick<PrReportFlowInput, "api" | "writeSummary" | "logger">): Promise<PrReportFlowResult> {
  if (plan.summaryOnlyReason) return summaryOnly(plan, plan.summaryOnlyReason, writeSummary, logger);
  try {
    const comment = await upsertStickyComment(api, plan.repo, plan.pullNumber, plan.marker, plan.body);
    logger.info(`PR report ${comment.action}: ${comment.url}`);
    await writeSummary(plan.body);
    return { body: plan.body, posted: comment.action, commentUrl: comment.url };
  } catch (error) {
    if (error instanceof GitHubRequestError && error.status === 403) {
      return summaryOnly(plan, `the token may not comment (GitHub answered 403: ${error.message})`, writeSummary, logger);
    }
    throw error;
  }
}

/** What publish would decide for the head after merge: its gate config against the base's champion. */
export function gateVerdict(head: ReportSide, champion: Champion | undefined): PromotionVerdict {
  const gate = gateSection.parse((head.config as { gate?: unknown } | undefined)?.gate ?? {});
  // The champion's predictions are not read here, so the champion clause compares on skill (publish pairs the days).
  return evaluateGate(gateCandidate(head.metrics, undefined, undefined), gate, champion);
}

export async function runPrReportFlow(input: PrReportFlowInput): Promise<PrReportFlowResult> {
  return applyPrReport(await planPrReport(input), input);
}

async function summaryOnly(plan: PrReportPlan, reason: string, writeSummary: PrReportFlowInput["writeSummary"], logger: Logger): Promise<PrReportFlowResult> {
  logger.warn(`PR report not posted as a comment: ${reason}; it is in the job summary instead`);
  await writeSummary(plan.body);
  return { body: plan.body, posted: "summary-only", reason };
}
