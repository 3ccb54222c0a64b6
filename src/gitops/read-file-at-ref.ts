import type { FsClient } from "isomorphic-git";
import { GitError } from "../errors.js";

/** Where the repository is: a working tree (`dir`, `.git` inside) or a bare / explicit `gitdir`. */
export type RepoLocation = { fs: FsClient; dir: string; gitdir?: string } | { fs: FsClient; dir?: undefined; gitdir: string };

export interface ReadFileAtRefOptions {
  /** A branch (`red/AAPL`), remote branch (`origin/red/AAPL`), tag, full ref or commit id. */
  ref: string;
  /** Path inside the tree, forward slashes, e.g. `models/AAPL/metrics.json`. */
  filepath: string;
}

/**
 * A file's bytes as committed at `ref`, read from git objects (no checkout), or `undefined` when the
 * commit has no such file. A ref that does not exist is a GitError: it means a wrong branch name.
 */
export async function readFileAtRef(options: RepoLocation & ReadFileAtRefOptions): Promise<Uint8Array | undefined> {
  const git = await import("isomorphic-git");
  const oid = await resolveCommit(options, options.ref);
  try {
    const { blob } = await git.readBlob({ ...location(options), oid, filepath: options.filepath });
    return blob;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new GitError(`cannot read ${options.filepath} at ${options.ref}: ${(error as Error).message}`, { file: options.filepath });
  }
}

export async function readTextAtRef(options: RepoLocation & ReadFileAtRefOptions): Promise<string | undefined> {
  const bytes = await readFileAtRef(options);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** The commit id `ref` points to (annotated tags peeled), or a GitError naming the ref. */
export async function resolveCommit(repo: RepoLocation, ref: string): Promise<string> {
  const git = await import("isomorphic-git");
  let oid: string;
  try {
    oid = await git.resolveRef({ ...location(repo), ref: await expandRefName(repo, ref) });
  } catch (error) {
    throw new GitError(`ref '${ref}' not found: expected a branch, tag or commit id (${(error as Error).message})`, { field: "ref" });
  }
  const { oid: commit } = await git.readCommit({ ...location(repo), oid }).catch(async () => {
    const tag = await git.readTag({ ...location(repo), oid });
    return { oid: tag.tag.object };
  });
  return commit;
}

/** Local branch names, or a remote's branch names when `remote` is given (without the `origin/` prefix). */
export async function listBranches(repo: RepoLocation, remote?: string): Promise<string[]> {
  const git = await import("isomorphic-git");
  const names = await git.listBranches({ ...location(repo), ...(remote ? { remote } : {}) });
  return names.filter((name) => name !== "HEAD").sort();
}

export async function listTags(repo: RepoLocation, prefix = ""): Promise<string[]> {
  const git = await import("isomorphic-git");
  const tags = await git.listTags(location(repo));
  return tags.filter((tag) => tag.startsWith(prefix)).sort();
}

function location(repo: RepoLocation): { fs: FsClient; dir?: string; gitdir?: string } {
  return repo.dir === undefined ? { fs: repo.fs, gitdir: repo.gitdir } : { fs: repo.fs, dir: repo.dir, ...(repo.gitdir ? { gitdir: repo.gitdir } : {}) };
}

async function expandRefName(repo: RepoLocation, ref: string): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(ref) || ref.startsWith("refs/")) return ref;
  const git = await import("isomorphic-git");
  try {
    return await git.expandRef({ ...location(repo), ref });
  } catch {
    return ref;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: string }).code === "NotFoundError";
}
