import { GitError } from "../errors.js";

/** Who a commit is by; `timestamp` in seconds since the epoch (defaults to now). */
export interface GitIdentity {
  name: string;
  email: string;
  timestamp?: number;
}

/** The identity GitHub shows for commits made by workflows with GITHUB_TOKEN. */
export const GITHUB_ACTIONS_BOT: GitIdentity = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
};

/** path (forward slashes, from the repository root) → new content, or `null` to delete the file. */
export type FileChanges = Record<string, Uint8Array | string | null>;

export interface CommitFilesOptions {
  /**
   * Local branch the new commit becomes the tip of (the remote is untouched until `push`). Leave it out
   * to move no ref at all, e.g. so a person's checkout is not left behind its own branch.
   */
  branch?: string;
  /** Commit to build on; its tree is kept except for `changes`. `undefined` starts a root commit. */
  parent: string | undefined;
  changes: FileChanges;
  message: string;
  author: GitIdentity;
}

/**
 * The git operations stockops needs, over one clone with one remote. Publishing, trading and tracking
 * take this interface so tests can hand them a real repository and a real remote (a local `git http-backend`,
 * sshd, or a bare repository on disk); how the remote is reached is the implementation's business.
 * Every ref argument may be a branch, tag or commit id.
 */
export interface GitRepo {
  /** Working tree folder of the clone. */
  readonly dir: string;
  /** Commit the working tree is on (HEAD), if any. */
  headCommit(): Promise<string | undefined>;
  /** Fetches `branch` from the remote and returns its commit there, or `undefined` when the remote has no such branch. */
  fetchBranch(branch: string): Promise<string | undefined>;
  resolveRef(ref: string): Promise<string | undefined>;
  readFile(ref: string, filepath: string): Promise<Uint8Array | undefined>;
  /** Paths of the files at `ref` under `prefix` (a folder, no trailing slash), or all files when empty. */
  listFiles(ref: string, prefix?: string): Promise<string[]>;
  listBranches(options?: { remote?: boolean }): Promise<string[]>;
  listTags(prefix?: string): Promise<string[]>;
  /** Refs the remote has right now whose full name starts with `prefix` (e.g. `refs/tags/models/`): full name → commit id. */
  listRemoteRefs(prefix: string): Promise<Record<string, string>>;
  /** Parents of a local commit; undefined when the commit is not in the clone (beyond a shallow clone's depth). */
  commitParents(commit: string): Promise<string[] | undefined>;
  /**
   * Fetches every branch of the remote (as remote-tracking refs) and every tag. A deleted model branch's
   * published commits are reachable only from its version tags, which a single-branch fetch never brings.
   */
  fetchEverything(): Promise<void>;
  /** Writes a commit of `parent`'s tree plus `changes` without touching the working tree or index; returns its id. */
  commitFiles(options: CommitFilesOptions): Promise<string>;
  /** Creates a lightweight tag locally. */
  tag(name: string, commit: string): Promise<void>;
  /**
   * Pushes to the branch or tag `ref` (short name) on the remote: `commit` when given, else the local
   * ref of the same name. Never forces: a remote that moved on rejects with `PushRejectedError`.
   */
  push(ref: string, kind: "branch" | "tag", commit?: string): Promise<void>;
  /**
   * Moves every ref in `updates` in one request that the remote applies whole or not at all (git's
   * `push --atomic`). Each ref must be at its `expected` commit on the remote (undefined: must not exist
   * yet), so a lost race rejects everything with `PushRejectedError` and nothing is half-published.
   */
  pushAtomic(updates: readonly RefUpdate[]): Promise<void>;
}

/** One ref of an atomic push: `ref` is a short branch or tag name. */
export interface RefUpdate {
  ref: string;
  kind: "branch" | "tag";
  commit: string;
  /** The remote's commit for the ref now, as last fetched; undefined when the ref must be created. */
  expected: string | undefined;
}

/** The remote refused to move a ref (non-fast-forward, or another push won the race for the ref lock). */
export class PushRejectedError extends GitError {
  readonly ref: string;
  constructor(ref: string, detail: string) {
    super(`push of ${ref} was rejected: ${detail}`, { field: ref });
    this.ref = ref;
  }
}
