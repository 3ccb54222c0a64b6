import type { GitHubApi, RepoRef } from "./github-api.js";

export interface StickyCommentResult {
  action: "created" | "updated";
  id: number;
  url: string;
}

/** The hidden line that lets the next run find this branch's report again. */
export function prReportMarker(team: string, symbol: string): string {
  return `<!-- stockops:pr-report ${team}/${symbol} -->`;
}

/**
 * One comment per pull request and marker: the first comment that starts with the marker is edited in
 * place, otherwise a new one is created. The marker is put first when the body does not start with it;
 * a comment that only quotes the marker further down (a reviewer's) is never taken over.
 */
export async function upsertStickyComment(
  api: GitHubApi,
  repo: RepoRef,
  issueNumber: number,
  marker: string,
  body: string,
): Promise<StickyCommentResult> {
  const text = body.startsWith(marker) ? body : `${marker}\n${body}`;
  const comments = await api.listIssueComments(repo, issueNumber);
  const existing = comments.find((comment) => comment.body.startsWith(marker));
  if (existing) {
    const updated = await api.updateIssueComment(repo, existing.id, text);
    return { action: "updated", id: updated.id, url: updated.htmlUrl };
  }
  const created = await api.createIssueComment(repo, issueNumber, text);
  return { action: "created", id: created.id, url: created.htmlUrl };
}
