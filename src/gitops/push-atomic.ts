import type { FsClient } from "isomorphic-git";
import { GitError } from "../errors.js";
import { PushRejectedError, type RefUpdate } from "./git-repo.js";
import { parseAdvertisement, parseReport, receivePackRequest, ZERO_OID, type RefCommand } from "./receive-pack.js";

type Git = typeof import("isomorphic-git");
interface Base {
  fs: FsClient;
  dir: string;
  cache: object;
}

export interface AtomicPushRequest {
  git: Git;
  base: Base;
  url: string;
  token: string | undefined;
  updates: readonly RefUpdate[];
}

/**
 * Sends all `updates` in one receive-pack request with the `atomic` capability, each command carrying the
 * commit the caller last saw as its old value, so the server compares and swaps every ref under one lock:
 * a branch that moved, or a tag that already exists, refuses the whole push.
 */
export async function pushRefsAtomically(request: AtomicPushRequest): Promise<void> {
  const { git, base, updates } = request;
  if (updates.length === 0) return;
  const { url, headers } = endpoint(request.url, request.token);
  const label = updates.map((update) => update.ref).join(" + ");
  const advertised = await discover(url, headers, label);
  if (updates.length > 1 && !advertised.capabilities.has("atomic")) {
    throw new GitError(`the remote ${url} does not offer atomic pushes, so ${label} cannot land together`, { field: label }, "use a git server of version 2.4 or later");
  }
  const commands: RefCommand[] = updates.map((update) => ({
    oldOid: update.expected ?? ZERO_OID,
    newOid: update.commit,
    ref: update.kind === "branch" ? `refs/heads/${update.ref}` : `refs/tags/${update.ref}`,
  }));
  const haves = new Set(advertised.refs.values());
  const oids = await objectsToSend(git, base, [...new Set(updates.map((update) => update.commit))], haves);
  const { packfile } = await git.packObjects({ ...base, oids: [...oids], write: false });
  const capabilities = ["report-status", ...(advertised.capabilities.has("atomic") ? ["atomic"] : []), "agent=stockops"];
  const body = receivePackRequest(commands, capabilities, packfile ?? new Uint8Array());
  let response: Response;
  try {
    response = await fetch(`${url}/git-receive-pack`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-git-receive-pack-request", accept: "application/x-git-receive-pack-result" },
      body,
    });
  } catch (error) {
    throw new GitError(`push of ${label} failed: ${(error as Error).message}`, { field: label });
  }
  if (response.status !== 200) throw new GitError(`push of ${label} failed: ${url} answered HTTP ${response.status}`, { field: label });
  const report = parseReport(new Uint8Array(await response.arrayBuffer()));
  if (report.unpack !== "ok") throw new GitError(`push of ${label} failed: the remote could not unpack the objects (${report.unpack || "no report"})`, { field: label });
  const refused = report.refs.filter((ref) => !ref.ok);
  if (refused.length > 0 || report.refs.length < commands.length) {
    const detail = refused.map((ref) => `${ref.ref} ${ref.reason ?? ""}`.trim()).join("; ") || "the remote did not report every ref";
    throw new PushRejectedError(label, `${detail}; no ref was moved`);
  }
}

function endpoint(raw: string, token: string | undefined): { url: string; headers: Record<string, string> } {
  const parsed = new URL(raw);
  let user = decodeURIComponent(parsed.username);
  let password = decodeURIComponent(parsed.password);
  parsed.username = "";
  parsed.password = "";
  if (token) {
    user = "x-access-token";
    password = token;
  }
  const headers: Record<string, string> = { "user-agent": "git/stockops" };
  if (user || password) headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  return { url: parsed.toString().replace(/\/$/, ""), headers };
}

async function discover(url: string, headers: Record<string, string>, label: string) {
  let response: Response;
  try {
    response = await fetch(`${url}/info/refs?service=git-receive-pack`, { headers });
  } catch (error) {
    throw new GitError(`push of ${label} failed: cannot reach ${url} (${(error as Error).message})`, { field: label });
  }
  if (response.status === 401 || response.status === 403) {
    throw new GitError(`push of ${label} failed: ${url} refused the credentials (HTTP ${response.status})`, { field: label }, "check the token has contents: write");
  }
  if (response.status !== 200) throw new GitError(`push of ${label} failed: ${url} answered HTTP ${response.status} to the ref advertisement`, { field: label });
  return parseAdvertisement(new Uint8Array(await response.arrayBuffer()));
}

/**
 * Commits reachable from `tips` that the remote does not have (it has everything reachable from `haves`),
 * with the trees and blobs each one changed against its first parent. A commit missing locally is one the
 * remote holds (it came from a fetch).
 */
async function objectsToSend(git: Git, base: Base, tips: string[], haves: ReadonlySet<string>): Promise<Set<string>> {
  const send = new Set<string>();
  const queue = tips.filter((tip) => !haves.has(tip));
  const seen = new Set(queue);
  while (queue.length > 0) {
    const oid = queue.shift()!;
    let commit: Awaited<ReturnType<Git["readCommit"]>>["commit"];
    try {
      commit = (await git.readCommit({ ...base, oid })).commit;
    } catch {
      continue;
    }
    send.add(oid);
    const firstParent = commit.parent[0];
    const parentTree = firstParent ? await treeOf(git, base, firstParent) : undefined;
    await changedObjects(git, base, commit.tree, parentTree, send);
    for (const parent of commit.parent) {
      if (haves.has(parent) || seen.has(parent)) continue;
      seen.add(parent);
      queue.push(parent);
    }
  }
  return send;
}

async function treeOf(git: Git, base: Base, commit: string): Promise<string | undefined> {
  try {
    return (await git.readCommit({ ...base, oid: commit })).commit.tree;
  } catch {
    return undefined;
  }
}

async function changedObjects(git: Git, base: Base, tree: string, before: string | undefined, out: Set<string>): Promise<void> {
  if (tree === before || out.has(tree)) return;
  out.add(tree);
  const old = new Map<string, { oid: string; type: string }>();
  if (before) for (const entry of (await git.readTree({ ...base, oid: before })).tree) old.set(entry.path, entry);
  for (const entry of (await git.readTree({ ...base, oid: tree })).tree) {
    const previous = old.get(entry.path);
    if (previous?.oid === entry.oid || entry.type === "commit") continue;
    if (entry.type === "tree") await changedObjects(git, base, entry.oid, previous?.type === "tree" ? previous.oid : undefined, out);
    else out.add(entry.oid);
  }
}
