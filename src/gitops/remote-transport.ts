import type { RefUpdate } from "./git-repo.js";

/**
 * The network half of a `GitRepo`: listing, fetching and pushing refs of one remote. Everything else
 * (reading objects, writing commits and tags) stays local, so which transport a remote needs is
 * decided once, from its URL, and callers never see it.
 */
export interface RemoteTransport {
  /** Refs the remote has right now whose full name starts with `prefix`: full name → object id. */
  listRefs(prefix: string): Promise<Record<string, string>>;
  /** Fetches `branch` into `refs/remotes/<remote>/<branch>`; returns its commit, `undefined` when nothing came. */
  fetchBranch(branch: string): Promise<string | undefined>;
  /** Fetches every branch (as remote-tracking refs) and every tag. */
  fetchEverything(): Promise<void>;
  /** Pushes `source` (a commit id or local ref) to the full ref `remoteRef`, never forced; `name` is what errors call it. */
  push(source: string, remoteRef: string, name: string): Promise<void>;
  /** Moves every ref in one push the remote applies whole or not at all (git's `push --atomic`); a lost race is a `PushRejectedError`. */
  pushAtomic(updates: readonly RefUpdate[]): Promise<void>;
}

/** Where a transport works: the clone, the remote's name, and the address it was resolved to. */
export interface TransportTarget {
  dir: string;
  remote: string;
  /** The remote's URL (configured, or the override). */
  url: string;
  /** True when `url` overrides the configured one, so the transport addresses it instead of the remote's name. */
  overridden: boolean;
}
