import { MissingRefError } from "../errors.js";
import type { GitRepo } from "../gitops/git-repo.js";
import type { BranchFileReader } from "./champion-source.js";

/**
 * Files of model branches and version tags read from git objects, no checkout. Each name is pinned to one
 * commit on first use, so a run reads everything of a branch or tag from the same commit. A branch is
 * looked up as a local branch, then the remote-tracking branch (what a workflow on main has after
 * fetching); a tag (`models/<team>/<SYMBOL>/v<N>`) only under `refs/tags/`, locally or on the remote (a
 * tag that was not fetched: its commit is in the fetched branch's history, so only the ref is missing).
 * The two namespaces never stand in for each other: a branch named `models/red/AAPL/v1` is not the tag.
 */
export function gitBranchReader(repo: Pick<GitRepo, "resolveRef" | "readFile" | "listRemoteRefs">, remote = "origin"): BranchFileReader {
  const pinned = new Map<string, Promise<string>>();
  const commitOf = (name: string, kind: "branch" | "tag") => {
    const key = `${kind}:${name}`;
    if (!pinned.has(key)) {
      pinned.set(key, (async () => {
        const commit =
          kind === "tag"
            ? ((await repo.resolveRef(`refs/tags/${name}`)) ?? (await remoteTag(repo, name)))
            : ((await repo.resolveRef(`refs/heads/${name}`)) ?? (await repo.resolveRef(`refs/remotes/${remote}/${name}`)));
        if (!commit) {
          throw new MissingRefError(
            kind === "tag" ? `tag ${name} not found locally or on ${remote}; fetch tags first` : `${name} not found as a branch or as ${remote}/${name}; fetch it first`,
            { field: name },
          );
        }
        return commit;
      })());
    }
    return pinned.get(key)!;
  };
  return async (ref, path, kind = "branch") => repo.readFile(await commitOf(ref, kind), path);
}

async function remoteTag(repo: Pick<GitRepo, "resolveRef" | "listRemoteRefs">, name: string): Promise<string | undefined> {
  const ref = `refs/tags/${name}`;
  const refs = await repo.listRemoteRefs(ref).catch(() => ({}) as Record<string, string>);
  const oid = refs[ref];
  return oid === undefined ? undefined : ((await repo.resolveRef(oid)) ?? oid);
}
