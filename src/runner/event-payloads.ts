import type { RunnerSetup } from "./runner-setup.js";

/** Webhook payloads in the shape GitHub sends (the fields of docs.github.com/webhooks that workflows read). */

export function repositoryPayload(setup: RunnerSetup): Record<string, unknown> {
  const [owner = "", name = ""] = setup.repository.split("/");
  const html = `${setup.serverUrl}/${setup.repository}`;
  return {
    id: 1,
    node_id: "R_local",
    name,
    full_name: setup.repository,
    private: false,
    fork: false,
    owner: userPayload(setup, owner, "Organization"),
    html_url: html,
    url: `${setup.apiUrl}/repos/${setup.repository}`,
    clone_url: setup.originUrl,
    default_branch: setup.defaultBranch,
    master_branch: setup.defaultBranch,
  };
}

export function userPayload(setup: RunnerSetup, login = setup.actor ?? "octocat", type = "User"): Record<string, unknown> {
  return { login, id: 1, node_id: "U_local", type, html_url: `${setup.serverUrl}/${login}`, url: `${setup.apiUrl}/users/${login}` };
}

export interface CommitInfo {
  sha: string;
  message: string;
  author: { name: string; email: string };
  timestamp: string;
  added: string[];
  modified: string[];
  removed: string[];
}

export function pushPayload(setup: RunnerSetup, ref: string, before: string, after: string, commits: CommitInfo[]): Record<string, unknown> {
  const toJson = (commit: CommitInfo) => ({
    id: commit.sha,
    tree_id: "",
    distinct: true,
    message: commit.message,
    timestamp: commit.timestamp,
    url: `${setup.serverUrl}/${setup.repository}/commit/${commit.sha}`,
    author: { ...commit.author, username: commit.author.name },
    committer: { ...commit.author, username: commit.author.name },
    added: commit.added,
    removed: commit.removed,
    modified: commit.modified,
  });
  const created = /^0+$/.test(before);
  return {
    ref,
    before,
    after,
    created,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${setup.serverUrl}/${setup.repository}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: commits.map(toJson),
    head_commit: commits.length > 0 ? toJson(commits.at(-1)!) : null,
    repository: repositoryPayload(setup),
    pusher: { name: setup.actor ?? "octocat", email: `${setup.actor ?? "octocat"}@users.noreply.local` },
    sender: userPayload(setup),
  };
}

export interface PullRequestInfo {
  number: number;
  action: string;
  title: string;
  body: string;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  mergeSha: string;
  changedFiles: number;
}

export function pullRequestPayload(setup: RunnerSetup, pr: PullRequestInfo): Record<string, unknown> {
  const repository = repositoryPayload(setup);
  const html = `${setup.serverUrl}/${setup.repository}/pull/${pr.number}`;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const side = (branch: { ref: string; sha: string }) => ({ label: `${setup.repository.split("/")[0]}:${branch.ref}`, ref: branch.ref, sha: branch.sha, user: repository.owner, repo: repository });
  const pull = {
    url: `${setup.apiUrl}/repos/${setup.repository}/pulls/${pr.number}`,
    id: pr.number,
    node_id: `PR_local_${pr.number}`,
    html_url: html,
    issue_url: `${setup.apiUrl}/repos/${setup.repository}/issues/${pr.number}`,
    number: pr.number,
    state: "open",
    locked: false,
    title: pr.title,
    user: userPayload(setup),
    body: pr.body,
    created_at: now,
    updated_at: now,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: pr.mergeSha,
    draft: false,
    head: side(pr.head),
    base: side(pr.base),
    author_association: "OWNER",
    merged: false,
    mergeable: true,
    changed_files: pr.changedFiles,
  };
  return { action: pr.action, number: pr.number, pull_request: pull, repository, sender: userPayload(setup) };
}

export function schedulePayload(setup: RunnerSetup, cron: string): Record<string, unknown> {
  return { schedule: cron, repository: repositoryPayload(setup), workflow: "" };
}

export function dispatchPayload(setup: RunnerSetup, ref: string, workflowFile: string, inputs: Record<string, string>): Record<string, unknown> {
  return { inputs, ref, repository: repositoryPayload(setup), sender: userPayload(setup), workflow: workflowFile };
}
