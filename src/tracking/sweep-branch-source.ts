import * as nodeFs from "node:fs";
import { mkdtemp, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FsClient } from "isomorphic-git";
import { GitError } from "../errors.js";
import { exportTree } from "../gitops/export-tree.js";
import { isBranchArtifact } from "./sweep-trial.js";

/** A clone (working tree `dir`) or a bare repository (`gitdir`), as `stockops runs --repo` takes. */
export interface SweepRepo {
  dir?: string;
  gitdir?: string;
  fs?: FsClient;
}

export interface ResolvedBranch {
  /** The branch's name without `origin/`: the experiment's base and the name recorded with the results. */
  branch: string;
  /** The ref it was read from: `refs/heads/<b>` or `refs/remotes/origin/<b>`. */
  ref: string;
  commit: string;
}

/** Untracked inputs the pipeline reads from a clone (pulled DVC data and its cache), linked into a snapshot that lacks them. */
const UNTRACKED_INPUTS = ["data", ".dvc/cache"];

/**
 * `red/AAPL` → the local branch, else the remote-tracking `origin/red/AAPL`; `origin/red/AAPL` names the
 * remote-tracking one. A name that is neither is a GitError naming it, the branches there are, and how to list them.
 */
export async function resolveSweepBranch(repo: SweepRepo, name: string): Promise<ResolvedBranch> {
  const git = await import("isomorphic-git");
  const location = locationOf(repo);
  const short = name.replace(/^refs\/heads\//, "");
  const candidates = [`refs/heads/${short}`, `refs/remotes/origin/${short}`, ...(short.startsWith("origin/") ? [`refs/remotes/${short}`] : [])];
  for (const ref of candidates) {
    const commit = await git.resolveRef({ ...location, ref }).catch(() => undefined);
    if (commit) return { branch: ref.startsWith("refs/remotes/origin/") ? ref.slice("refs/remotes/origin/".length) : short, ref, commit };
  }
  const known = await knownBranches(repo);
  const where = repo.dir ?? repo.gitdir;
  throw new GitError(
    `branch '${name}' not found in ${where}: neither ${candidates.join(" nor ")} exists${known.length ? ` (branches there: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", …" : ""})` : ""}; list them with 'git branch --all', and run 'git fetch origin' first when the branch is only on the remote`,
    { field: "on" },
  );
}

export interface BranchSnapshot extends ResolvedBranch {
  /** Temporary folder with the branch's files (its models/, reports/ and stockops.lock left out). */
  dir: string;
  files: number;
  cleanup(): Promise<void>;
}

/**
 * The files of a branch, read from git objects into a temporary folder, so a sweep runs on any branch
 * without checking it out. From a clone, pulled data the commit does not hold (`data/`, `.dvc/cache`) is
 * linked in, so a DVC-sourced branch verifies the same bytes it would in the clone.
 */
export async function snapshotBranch(repo: SweepRepo, name: string): Promise<BranchSnapshot> {
  const resolved = await resolveSweepBranch(repo, name);
  const dir = await mkdtemp(join(tmpdir(), "stockops-sweep-branch-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const files = await exportTree({ ...locationOf(repo), commit: resolved.commit, target: dir, skip: isBranchArtifact });
    if (repo.dir) {
      for (const path of UNTRACKED_INPUTS) {
        const source = join(repo.dir, path);
        const destination = join(dir, path);
        if ((await exists(source)) && !(await exists(destination)) && (await exists(join(destination, "..")))) await symlink(source, destination);
      }
    }
    return { ...resolved, dir, files, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function locationOf(repo: SweepRepo): { fs: FsClient; dir?: string; gitdir?: string } {
  if (!repo.dir && !repo.gitdir) throw new GitError("no repository given: expected a clone folder or a bare repository", { field: "repo" });
  return { fs: repo.fs ?? nodeFs, ...(repo.dir ? { dir: repo.dir } : {}), ...(repo.gitdir ? { gitdir: repo.gitdir } : {}) };
}

async function knownBranches(repo: SweepRepo): Promise<string[]> {
  const git = await import("isomorphic-git");
  const location = locationOf(repo);
  const local = await git.listBranches(location).catch(() => [] as string[]);
  const remote = await git.listBranches({ ...location, remote: "origin" }).catch(() => [] as string[]);
  return [...new Set([...local, ...remote.filter((name) => name !== "HEAD").map((name) => `origin/${name}`)])].sort();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
