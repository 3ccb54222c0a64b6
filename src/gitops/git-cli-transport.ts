import { GitError } from "../errors.js";
import { PushRejectedError } from "./git-repo.js";
import type { RemoteTransport, TransportTarget } from "./remote-transport.js";
import { redactUrl, remoteAccessHint } from "./remote-url.js";
import { gitFailureDetail, runGit, type GitCliResult } from "./run-git.js";

export interface GitCliTransportOptions extends TransportTarget {
  /** Environment of every git process: GIT_SSH_COMMAND, SSH_AUTH_SOCK, HOME for ~/.ssh and credential helpers. */
  env?: NodeJS.ProcessEnv;
}

/**
 * SSH, local paths, `file://` and anything else git itself can reach, through the git command line
 * (isomorphic-git speaks only HTTP). The remote is addressed by name unless its URL was overridden,
 * so `pushurl`, `insteadOf` and `core.sshCommand` in the clone's config apply as they would to `git push`.
 */
export function gitCliTransport(options: GitCliTransportOptions): RemoteTransport {
  const { dir, remote, url } = options;
  const target = options.overridden ? url : remote;
  const git = (args: string[]) => runGit(args, { cwd: dir, ...(options.env ? { env: options.env } : {}) });
  const fail = (what: string, result: GitCliResult, field: string) =>
    new GitError(`${what} ${remote} (${redactUrl(url)}) failed: ${gitFailureDetail(result)}`, { field }, remoteAccessHint(url));
  return {
    async listRefs(prefix) {
      const pattern = /^[^*?[\\]*$/.test(prefix) && prefix ? [`${prefix}*`] : [];
      const result = await git(["ls-remote", target, ...pattern]);
      if (result.code !== 0) throw new GitError(`cannot list refs of ${remote} (${redactUrl(url)}): ${gitFailureDetail(result)}`, { field: prefix }, remoteAccessHint(url));
      return parseLsRemote(result.stdout, prefix);
    },
    async fetchBranch(branch) {
      const tracking = `refs/remotes/${remote}/${branch}`;
      const result = await git(["fetch", "--quiet", "--no-tags", target, `+refs/heads/${branch}:${tracking}`]);
      if (result.code !== 0) throw fail(`fetch of ${branch} from`, result, branch);
      const resolved = await git(["rev-parse", "--verify", "--quiet", `${tracking}^{commit}`]);
      return resolved.code === 0 ? resolved.stdout.trim() : undefined;
    },
    async fetchEverything() {
      const result = await git(["fetch", "--quiet", "--tags", target, `+refs/heads/*:refs/remotes/${remote}/*`]);
      if (result.code !== 0) throw fail("fetch of every branch and tag from", result, "remote");
    },
    /**
     * `git push --atomic`: all refs or none. Not forced, so a branch that moved (our commit is built on
     * the head we fetched, so any other head is not its ancestor) and a tag that exists are both refused.
     */
    async pushAtomic(updates) {
      if (updates.length === 0) return;
      const specs = updates.map((update) => `${update.commit}:${update.kind === "branch" ? "refs/heads" : "refs/tags"}/${update.ref}`);
      const name = updates.map((update) => update.ref).join(" + ");
      const result = await git(["push", "--porcelain", "--atomic", target, ...specs]);
      if (result.code === 0) return;
      const statuses = specs.map((spec) => porcelainStatus(result.stdout, spec.slice(spec.indexOf(":") + 1))).filter((status): status is string => status !== undefined);
      if (statuses.length > 0 && statuses.every((status) => isLostRace(status) || /atomic/i.test(status))) throw new PushRejectedError(name, `${statuses.join("; ")}; no ref was moved`);
      throw new GitError(`push of ${name} to ${remote} (${redactUrl(url)}) failed: ${statuses.join("; ") || gitFailureDetail(result)}`, { field: name }, remoteAccessHint(url));
    },
    async push(source, remoteRef, name) {
      const result = await git(["push", "--porcelain", target, `${source}:${remoteRef}`]);
      if (result.code === 0) return;
      const status = porcelainStatus(result.stdout, remoteRef);
      if (status && isLostRace(status)) throw new PushRejectedError(name, status);
      throw new GitError(`push of ${name} to ${remote} (${redactUrl(url)}) failed: ${status ?? gitFailureDetail(result)}`, { field: name }, remoteAccessHint(url));
    },
  };
}

/** `<oid>\t<ref>` lines; peeled `^{}` entries are left out, as isomorphic-git's listServerRefs leaves them out. */
export function parseLsRemote(stdout: string, prefix: string): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const [oid, ref] = line.trim().split(/\s+/);
    if (!oid || !ref || ref.endsWith("^{}") || !ref.startsWith(prefix)) continue;
    refs[ref] = oid;
  }
  return refs;
}

/**
 * The summary git push --porcelain prints for `remoteRef`: `!\t<src>:<dst>\t[rejected] (fetch first)`
 * (git-push(1), OUTPUT), or undefined when git stopped before reporting refs.
 */
function porcelainStatus(stdout: string, remoteRef: string): string | undefined {
  const line = stdout.split("\n").find((candidate) => candidate.startsWith("!") && candidate.split("\t")[1]?.endsWith(`:${remoteRef}`));
  return line?.split("\t").slice(2).join(" ").trim();
}

/** The remote moved on (non-fast-forward, fetch first, stale info) or another push held the ref lock. */
function isLostRace(status: string): boolean {
  if (status.startsWith("[rejected]")) return true;
  return status.startsWith("[remote rejected]") && /failed to update ref|cannot lock ref|failed to lock|incorrect old value/i.test(status);
}
