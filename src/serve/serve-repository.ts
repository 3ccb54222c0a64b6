import * as nodeFs from "node:fs";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { md5Hex } from "../artifacts/content-hash.js";
import type { BranchesConfig } from "../config/branches-config.js";
import { BRANCHES_FILE, readBranchesConfig } from "../config/read-branches-config.js";
import { GitError } from "../errors.js";
import { openGitRepo } from "../gitops/isomorphic-git-repo.js";
import { gitBranchReader } from "../trading/branch-files.js";
import type { BranchFileReader } from "../trading/champion-source.js";
import { branchPriceSource, csvDirectoryPriceSource, type VersionedPriceSource } from "../trading/price-source.js";

export interface ServeRepositoryOptions {
  /** A checkout of main (branches.json in its working tree, model branches and tags in its git objects). */
  dir: string;
  /** Clone this URL into `dir` on first use and fetch every branch and tag from it on each refresh. */
  origin?: string;
  /** With a checkout and no `origin`: fetch its remote `origin` on each refresh (otherwise its refs are only re-read). */
  fetch?: boolean;
  /** Read prices from `<pricesDir>/<SYMBOL>.csv` instead of each branch's [data]. */
  pricesDir?: string;
  token?: string;
}

/** What one reload reads from: all pinned to the commits that `revision` names. */
export interface RepositorySnapshot {
  revision: string;
  branches: BranchesConfig;
  read: BranchFileReader;
  prices: VersionedPriceSource;
  /** Commit a tag points at, to tell an unchanged champion (same tag, same commit) from a moved tag. */
  tagCommit(tag: string): Promise<string | undefined>;
}

export interface ServeRepository {
  /** Brings the origin's new commits and tags in (a no-op for a checkout that is only re-read). */
  refresh(): Promise<void>;
  /** The current revision only: cheap, to tell whether anything changed since the last snapshot. */
  revision(): Promise<string>;
  snapshot(): Promise<RepositorySnapshot>;
}

/** The repository the champions are served from: a checkout, or a clone of an origin URL kept up to date. */
export function serveRepository(options: ServeRepositoryOptions): ServeRepository {
  const { dir } = options;
  const token = options.token;
  const auth = token ? { onAuth: () => ({ username: "x-access-token", password: token }), onAuthFailure: () => ({ cancel: true }) } : {};
  let cloned: Promise<void> | undefined;
  const ensureClone = () => {
    if (!options.origin) return Promise.resolve();
    cloned ??= cloneOnce(dir, options.origin, auth);
    return cloned;
  };
  const branchesFile = join(dir, BRANCHES_FILE);
  const revision = async () => {
    await ensureClone();
    return revisionOf(dir, await nodeFs.promises.readFile(branchesFile).catch(() => new Uint8Array()));
  };
  return {
    async refresh() {
      await ensureClone();
      if (!options.origin && !options.fetch) return;
      await openGitRepo({ dir, ...(token ? { token } : {}) }).fetchEverything();
      if (options.origin) await checkoutOriginMain(dir);
    },
    revision,
    async snapshot() {
      const current = await revision();
      const branches = await readBranchesConfig(branchesFile);
      const read = gitBranchReader(openGitRepo({ dir }));
      const prices = options.pricesDir ? csvDirectoryPriceSource(options.pricesDir) : branchPriceSource(read, dir);
      const repo = openGitRepo({ dir });
      return { revision: current, branches, read, prices, tagCommit: (tag) => repo.resolveRef(`refs/tags/${tag}`) };
    },
  };
}

async function cloneOnce(dir: string, url: string, auth: object): Promise<void> {
  if (existsSync(join(dir, ".git"))) return;
  const [git, http] = await Promise.all([import("isomorphic-git"), import("isomorphic-git/http/node")]);
  await mkdir(dir, { recursive: true });
  try {
    await git.clone({ fs: nodeFs, http: http.default, dir, url, ref: "main", singleBranch: false, ...auth });
  } catch (error) {
    throw new GitError(`clone of ${url} failed: ${(error as Error).message}`, { field: "origin" });
  }
}

/** Moves the clone's main (never edited here) to origin's, so branches.json and data files follow the origin. */
async function checkoutOriginMain(dir: string): Promise<void> {
  const git = await import("isomorphic-git");
  const value = await git.resolveRef({ fs: nodeFs, dir, ref: "refs/remotes/origin/main" });
  await git.writeRef({ fs: nodeFs, dir, ref: "refs/heads/main", value, force: true });
  await git.checkout({ fs: nodeFs, dir, ref: "main", force: true });
}

/** md5 over every branch, remote-tracking branch and tag with its commit, and branches.json's bytes. */
async function revisionOf(dir: string, branchesJson: Uint8Array): Promise<string> {
  const git = await import("isomorphic-git");
  const base = { fs: nodeFs, dir };
  const refs: string[] = [];
  for (const name of await git.listBranches(base)) refs.push(`refs/heads/${name}`);
  for (const name of await git.listBranches({ ...base, remote: "origin" }).catch(() => [] as string[])) refs.push(`refs/remotes/origin/${name}`);
  for (const name of await git.listTags(base)) refs.push(`refs/tags/${name}`);
  const lines = await Promise.all(refs.sort().map(async (ref) => `${ref} ${await git.resolveRef({ ...base, ref }).catch(() => "?")}`));
  return md5Hex(`${lines.join("\n")}\n${md5Hex(branchesJson)}`);
}
