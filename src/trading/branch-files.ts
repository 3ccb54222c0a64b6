import { GitError } from "../errors.js";
import type { GitRepo } from "../gitops/git-repo.js";
import type { BranchFileReader } from "./champion-source.js";

/**
 * Files of model branches read from git objects, no checkout. Each branch is pinned to one commit on
 * first use, so a run reads config, lineage and model from the same publish; the local branch wins,
 * else the remote-tracking one (what a workflow on main has after fetching).
 */
export function gitBranchReader(repo: Pick<GitRepo, "resolveRef" | "readFile">, remote = "origin"): BranchFileReader {
  const pinned = new Map<string, Promise<string>>();
  const commitOf = (branch: string) => {
    if (!pinned.has(branch)) {
      pinned.set(branch, (async () => {
        const commit = (await repo.resolveRef(`refs/heads/${branch}`)) ?? (await repo.resolveRef(`refs/remotes/${remote}/${branch}`));
        if (!commit) throw new GitError(`branch ${branch} not found locally or as ${remote}/${branch}; fetch it or create it with 'stockops branches sync'`, { field: branch });
        return commit;
      })());
    }
    return pinned.get(branch)!;
  };
  return async (branch, path) => repo.readFile(await commitOf(branch), path);
}
