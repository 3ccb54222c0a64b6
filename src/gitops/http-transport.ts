import type { AuthCallback, FsClient, HttpClient } from "isomorphic-git";
import { GitError } from "../errors.js";
import { PushRejectedError } from "./git-repo.js";
import { pushRefsAtomically } from "./push-atomic.js";
import type { RemoteTransport, TransportTarget } from "./remote-transport.js";
import { redactUrl, remoteAccessHint } from "./remote-url.js";

type Git = typeof import("isomorphic-git");

export interface HttpTransportOptions extends TransportTarget {
  git: Git;
  http: HttpClient;
  fs: FsClient;
  cache: object;
  /**
   * Token sent as HTTP Basic password with user `x-access-token`, the form GitHub accepts for
   * `GITHUB_TOKEN` and installation tokens.
   */
  token?: string;
}

/** Smart HTTP(S) through isomorphic-git: token auth in-process, no git binary needed (a runner's actions). */
export function httpTransport(options: HttpTransportOptions): RemoteTransport {
  const { git, http, fs, dir, cache, remote, url } = options;
  const token = options.token;
  const onAuth: AuthCallback | undefined = token ? () => ({ username: "x-access-token", password: token }) : undefined;
  // A refused token cancels instead of asking again forever.
  const auth = { ...(onAuth ? { onAuth, onAuthFailure: () => ({ cancel: true }) } : {}), ...(options.overridden ? { url } : {}) };
  const base = { fs, dir, cache };
  return {
    async listRefs(prefix) {
      try {
        const refs = await git.listServerRefs({ http, ...auth, url, prefix, protocolVersion: 2 });
        return Object.fromEntries(refs.map((ref) => [ref.ref, ref.oid]));
      } catch (error) {
        throw new GitError(`cannot list refs of ${remote} (${redactUrl(url)}): ${(error as Error).message}`, { field: prefix }, remoteAccessHint(url));
      }
    },
    async fetchBranch(branch) {
      let fetchHead: string | null | undefined;
      try {
        ({ fetchHead } = await git.fetch({ ...base, http, ...auth, remote, ref: branch, singleBranch: true, tags: false }));
      } catch (error) {
        throw new GitError(`fetch of ${branch} from ${remote} failed: ${(error as Error).message}`, { field: branch }, remoteAccessHint(url));
      }
      // A clone made with --single-branch (actions/checkout's) has a refspec for its own branch only, so no
      // remote-tracking ref is written for another: write it, as the git CLI transport's explicit refspec does.
      if (fetchHead) await git.writeRef({ ...base, ref: `refs/remotes/${remote}/${branch}`, value: fetchHead, force: true });
      return fetchHead ?? (await git.resolveRef({ ...base, ref: `refs/remotes/${remote}/${branch}` }).catch(() => undefined));
    },
    async fetchEverything() {
      try {
        await git.fetch({ ...base, http, ...auth, remote, singleBranch: false, tags: true });
      } catch (error) {
        throw new GitError(`fetch of every branch and tag from ${remote} failed: ${(error as Error).message}`, { field: "remote" }, remoteAccessHint(url));
      }
    },
    async pushAtomic(updates) {
      await pushRefsAtomically({ git, base, url, token, updates });
    },
    async push(source, remoteRef, name) {
      try {
        await git.push({ ...base, http, ...auth, remote, ref: source, remoteRef, force: false });
      } catch (error) {
        throw classifyPushError(error, name, url);
      }
    },
  };
}

/** What a server says when another push moved the ref first (wording differs between git versions and hosts). */
const REJECTION = /non-fast-forward|fetch first|failed to update ref|cannot lock ref|failed to lock|stale info|rejected|not-fast-forward/i;

function classifyPushError(error: unknown, ref: string, url: string): GitError {
  const code = (error as { code?: string }).code;
  // isomorphic-git ends its refusal with advice to force; a lost race is settled by fetching and re-applying, never by forcing.
  const message = ((error as Error).message ?? String(error)).replace(/\s*Use "force: true" to override\.?/gi, "");
  if (code === "PushRejectedError" || (code === "GitPushError" && REJECTION.test(message))) {
    return new PushRejectedError(ref, message.replace(/\s+/g, " ").trim());
  }
  return new GitError(`push of ${ref} failed: ${message}`, { field: ref }, remoteAccessHint(url));
}
