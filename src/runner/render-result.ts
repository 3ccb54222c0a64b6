import type { GitHubStandIn } from "../github/stand-in-server.js";
import type { PlayEventResult } from "./play-event.js";

/** A few lines a person reads after `stockops act`: each run, its jobs, failed steps. */
export function renderPlayResult(result: PlayEventResult): string {
  const lines: string[] = [`${result.event.name} on ${result.event.ref} (${result.event.sha.slice(0, 12)})`];
  if (result.runs.length === 0) lines.push("  no workflow started");
  for (const run of result.runs) {
    lines.push(`  ${mark(run.conclusion)} ${run.file} (run ${run.runId}): ${run.conclusion}`);
    for (const job of run.jobs) {
      lines.push(`      ${mark(job.conclusion)} ${job.name}`);
      for (const step of job.steps.filter((candidate) => candidate.outcome === "failure")) lines.push(`          ✗ ${step.name}: ${step.failure ?? "failed"}`);
    }
    lines.push(`      logs, summaries, workspaces: ${run.dir}`);
  }
  for (const entry of result.notStarted) lines.push(`  ○ ${entry.file}: not started (${entry.reason})`);
  return lines.join("\n");
}

/** What the GitHub stand-in received: comments and workflow dispatches. */
export function renderStandInRecords(standIn: GitHubStandIn): string {
  const lines: string[] = [];
  for (const repo of standIn.state.repos.values()) {
    for (const comment of repo.comments) {
      lines.push(`  comment on #${comment.issueNumber} by ${comment.author} (${comment.body.length} chars, updated ${comment.updatedAt}):`);
      const body = comment.body.split("\n");
      lines.push(...body.slice(0, COMMENT_LINES).map((line) => `  │ ${line}`));
      if (body.length > COMMENT_LINES) lines.push(`  │ … ${body.length - COMMENT_LINES} more lines`);
    }
    for (const dispatch of repo.dispatches) lines.push(`  dispatch of ${dispatch.workflow} on ${dispatch.ref} ${JSON.stringify(dispatch.inputs)}`);
  }
  return lines.length > 0 ? `GitHub API stand-in received:\n${lines.join("\n")}` : "GitHub API stand-in received no comments or dispatches";
}

const COMMENT_LINES = 60;

function mark(conclusion: string): string {
  return conclusion === "success" ? "✓" : conclusion === "failure" ? "✗" : "○";
}
