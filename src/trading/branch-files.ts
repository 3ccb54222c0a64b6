import { MissingRefError } from "../errors.js";
import type { GitRepo } from "../gitops/git-repo.js";
import type { BranchFileReader } from "./champion-source.js";

/**
 * Files of model branches and version tags read from git objects, no checkout. Each name is pinned to one
 * commit on first use, so a run reads everything of a branch or tag from the same commit. A name is looked
 * up as a local branch, then the remote-tracking branch (what a workflow on main has after fetching), then
 * a tag (`models/<team>/<SYMBOL>/v<N>`). A tag that was not fetched is looked up on the remote: its commit
 * is in the fetched branch's history, so only the ref is missing.
 */
export function gitBranchReader(repo: Pick<GitRepo, "resolveRef" | "readFile" | "listRemoteRefs">, remote = "origin"): BranchFileReader {
  const pinned = new Map<string, Promise<string>>();
  const commitOf = (name: string) => {
    if (!pinned.has(name)) {
      pinned.set(name, (async () => {
        const commit =
          (await repo.resolveRef(`refs/heads/${name}`)) ??
          (await repo.resolveRef(`refs/remotes/${remote}/${name}`)) ??
          (await repo.resolveRef(`refs/tags/${name}`)) ??
          (await remoteTag(repo, name));
        if (!commit) throw new MissingRefError(`${name} not found as a branch, as ${remote}/${name} or as a tag; fetch it (and tags) first`, { field: name });
        return commit;
      })());
    }
    return pinned.get(name)!;
  };
  return async (branch, path) => repo.readFile(await commitOf(branch), path);
}

async function remoteTag(repo: Pick<GitRepo, "resolveRef" | "listRemoteRefs">, name: string): Promise<string | undefined> {
  const ref = `refs/tags/${name}`;
  const refs = await repo.listRemoteRefs(ref).catch(() => ({}) as Record<string, string>);
  const oid = refs[ref];
  return oid === undefined ? undefined : ((await repo.resolveRef(oid)) ?? oid);
}
