import type { GitHubApi, Issue, RepoRef } from "./github-api.js";

export interface IssueLookup {
  /** Every label the issue must carry. */
  labels?: string[];
  /** A text the title must contain, e.g. "[stockops:drift red/AAPL]". */
  titleMarker?: string;
  state?: "open" | "closed" | "all";
}

/** The newest issue matching every given condition, pull requests left out. */
export async function findIssue(api: GitHubApi, repo: RepoRef, lookup: IssueLookup): Promise<Issue | undefined> {
  const issues = await api.listIssues(repo, { labels: lookup.labels, state: lookup.state ?? "open" });
  return issues.find((issue) => lookup.titleMarker === undefined || issue.title.includes(lookup.titleMarker));
}

export interface UpsertIssueResult {
  action: "created" | "updated";
  issue: Issue;
}

/** One open issue per marker (a monitor alert, say): updated when found, created otherwise. */
export async function upsertIssue(
  api: GitHubApi,
  repo: RepoRef,
  lookup: IssueLookup & { titleMarker: string },
  content: { title: string; body: string },
): Promise<UpsertIssueResult> {
  const title = content.title.includes(lookup.titleMarker) ? content.title : `${content.title} ${lookup.titleMarker}`;
  const existing = await findIssue(api, repo, { ...lookup, state: "open" });
  if (existing) return { action: "updated", issue: await api.updateIssue(repo, existing.number, { title, body: content.body }) };
  return { action: "created", issue: await api.createIssue(repo, { title, body: content.body, labels: lookup.labels }) };
}
