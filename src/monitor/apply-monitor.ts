import type { GitHubApi, RepoRef } from "../github/github-api.js";
import { upsertIssue } from "../github/upsert-issue.js";
import type { Logger } from "../logger/logger.js";
import { renderMonitorRecord, type MonitorRecord } from "./monitor-log.js";
import type { TradingBranchStore } from "./monitor-sources.js";
import type { BranchDecision } from "./plan-monitor.js";

export interface MonitorGitHub {
  api: GitHubApi;
  repo: RepoRef;
}

export interface AppliedDecision extends BranchDecision {
  record: MonitorRecord;
  issueAction?: "created" | "updated";
}

/**
 * Performs the plan in one place: dispatches, issues, then one commit of every log line to the trading
 * branch. Without `github` (a dry run, or no token) nothing is dispatched or opened, and the log says so.
 */
export async function applyMonitor(
  decisions: readonly BranchDecision[],
  options: { github: MonitorGitHub | undefined; trading: TradingBranchStore; logger: Logger; writeLog: boolean; runAt: string },
): Promise<{ applied: AppliedDecision[]; logCommit: string | undefined }> {
  const { github, logger } = options;
  const applied: AppliedDecision[] = [];
  for (const decision of decisions) {
    let record = decision.record;
    let issueAction: AppliedDecision["issueAction"];
    if (decision.dispatch && github) {
      // Only the input pipeline.yml declares: GitHub answers 422 to undeclared ones. The reason is in the issue and the log.
      await github.api.dispatchWorkflow(github.repo, decision.dispatch.workflow, decision.dispatch.ref, decision.dispatch.inputs);
      logger.info(`${decision.branch}: dispatched ${decision.dispatch.workflow} (${decision.reasons.join("; ")})`);
    } else if (decision.dispatch) {
      record = { ...record, dispatched: false };
      logger.warn(`${decision.branch}: would dispatch ${decision.dispatch.workflow} (no GitHub token or dry run)`);
    }
    if (decision.issue && github) {
      const result = await upsertIssue(github.api, github.repo, { labels: decision.issue.labels, titleMarker: decision.issue.marker }, { title: decision.issue.title, body: decision.issue.body });
      record = { ...record, issue: result.issue.number };
      issueAction = result.action;
      logger.info(`${decision.branch}: issue #${result.issue.number} ${result.action}`);
    }
    if (decision.reasons.length === 0) logger.info(`${decision.branch}: ${decision.record.error ? `not measured (${decision.record.error})` : "nothing over a threshold"}`);
    applied.push({ ...decision, record, ...(issueAction ? { issueAction } : {}) });
  }
  const logCommit = options.writeLog
    ? await options.trading.appendMonitorLogs(
        applied.map((decision) => ({ team: decision.team, symbol: decision.symbol, text: renderMonitorRecord(decision.record) })),
        `monitor: ${options.runAt} (${applied.filter((d) => d.reasons.length > 0).length} of ${applied.length} branches over a threshold)`,
      )
    : undefined;
  return { applied, logCommit };
}
