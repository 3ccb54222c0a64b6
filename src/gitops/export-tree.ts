import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FsClient } from "isomorphic-git";
import { GitError } from "../errors.js";

/** Names git itself refuses in a tree; a crafted object could still carry them. */
const UNSAFE_NAME = /^(\.|\.\.|\.git)$|[/\\]/i;

export interface ExportTreeOptions {
  fs: FsClient;
  /** Working tree of a clone (`.git` inside), or leave out and give `gitdir` for a bare repository. */
  dir?: string;
  gitdir?: string;
  commit: string;
  /** Empty (or new) folder the files are written to. */
  target: string;
  /** Paths (forward slashes, from the root) to leave out, with everything below them. */
  skip?: (path: string) => boolean;
}

/**
 * Writes the files of `commit` into `target` straight from git objects: no checkout, no index, the clone's
 * working tree and HEAD untouched. Executable bits and symbolic links are kept; submodules are left out.
 * Returns how many files were written.
 */
export async function exportTree(options: ExportTreeOptions): Promise<number> {
  const git = await import("isomorphic-git");
  const repo = { fs: options.fs, ...(options.dir ? { dir: options.dir } : {}), ...(options.gitdir ? { gitdir: options.gitdir } : {}), cache: {} };
  let written = 0;
  const walk = async (treeOid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ ...repo, oid: treeOid });
    for (const entry of tree) {
      if (UNSAFE_NAME.test(entry.path)) throw new GitError(`tree entry '${entry.path}' under '${prefix || "/"}' of ${options.commit} is not a safe file name (., .., .git or one holding a slash); refusing to write it under ${options.target}`, { file: entry.path });
      const path = prefix ? `${prefix}/${entry.path}` : entry.path;
      if (options.skip?.(path)) continue;
      const destination = join(options.target, ...path.split("/"));
      if (entry.type === "tree") {
        await mkdir(destination, { recursive: true });
        await walk(entry.oid, path);
      } else if (entry.type === "blob") {
        const { blob } = await git.readBlob({ ...repo, oid: entry.oid });
        if (entry.mode === "120000") await symlink(new TextDecoder().decode(blob), destination);
        else {
          await writeFile(destination, blob);
          if (entry.mode === "100755") await chmod(destination, 0o755);
        }
        written += 1;
      }
    }
  };
  await mkdir(options.target, { recursive: true });
  const { commit } = await git.readCommit({ ...repo, oid: options.commit });
  await walk(commit.tree, "");
  return written;
}
