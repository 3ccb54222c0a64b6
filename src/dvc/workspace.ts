import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DataError } from "../errors.js";
import { compareCodePoints, type ManifestEntry } from "./dir-manifest.js";
import { DvcIgnore } from "./dvc-ignore.js";
import { legacyMd5 } from "./dos2unix.js";
import type { HashCache } from "./hash-cache.js";

/** What is on disk at a tracked path, hashed the way its .dvc file expects. */
export type WorkspaceOut =
  | { kind: "missing" }
  | { kind: "file"; md5: string; size: number }
  | { kind: "dir"; entries: ManifestEntry[]; size: number };

export interface HashOptions {
  hashCache: HashCache;
  /** DVC 2 hashing (no `hash: md5` in the .dvc file): md5 of dos2unix(bytes) for text files, never cached. */
  legacy?: boolean;
}

export async function hashWorkspaceOut(path: string, options: HashOptions): Promise<WorkspaceOut> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    throw error;
  }
  if (info.isSymbolicLink()) throw linkRefused(path);
  if (info.isFile()) return { kind: "file", ...(await hashFile(path, options)) };
  if (!info.isDirectory()) throw notRegular(path);
  const entries: ManifestEntry[] = [];
  let size = 0;
  for (const relpath of await listFiles(path)) {
    const hashed = await hashFile(join(path, relpath), options);
    entries.push({ md5: hashed.md5, relpath });
    size += hashed.size;
  }
  return { kind: "dir", entries, size };
}

async function hashFile(path: string, { hashCache, legacy }: HashOptions): Promise<{ md5: string; size: number }> {
  if (!legacy) return hashCache.md5(path);
  const bytes = await readFile(path);
  return { md5: legacyMd5(bytes), size: bytes.length };
}

/**
/**
 * Every regular file under `dir` that DVC would hash, as POSIX paths relative to it, in code-point order:
 * `.dvcignore` rules and DVC's default ignores (.git, .hg, .dvc) applied (src/dvc/dvc-ignore.ts). A symbolic
 * link that is not ignored is refused, naming it: following it would hash, cache and push whatever it points at
 * (`data/passwd.csv → /etc/passwd`). FIFOs, sockets and devices are refused too: reading one hangs or never ends.
 */
export async function listFiles(dir: string, prefix = "", ignore: DvcIgnore = DvcIgnore.forPath(dir)): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const relpath = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (ignore.ignores(join(dir, relpath), entry.isDirectory())) continue;
    if (entry.isSymbolicLink()) throw linkRefused(join(dir, relpath));
    if (entry.isDirectory()) found.push(...(await listFiles(dir, relpath, ignore)));
    else if (entry.isFile()) found.push(relpath);
    else throw notRegular(join(dir, relpath));
  }
  return found.sort(compareCodePoints);
}

function linkRefused(path: string): DataError {
  return new DataError("is a symbolic link; stockops tracks only regular files and never follows a link out of the tracked folder (replace the link with the file itself)", {
    file: path,
  });
}

function notRegular(path: string): DataError {
  return new DataError("is not a regular file or folder (a FIFO, socket or device); expected only files and folders in tracked data", { file: path });
}
