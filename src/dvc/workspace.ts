import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
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
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    throw error;
  }
  if (info.isFile()) return { kind: "file", ...(await hashFile(path, options)) };
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
 * Every regular file under `dir` that DVC would hash, as POSIX paths relative to it, in code-point
 * order: `.dvcignore` rules and DVC's default ignores (.git, .hg, .dvc) applied (src/dvc/dvc-ignore.ts).
 */
export async function listFiles(dir: string, prefix = "", ignore: DvcIgnore = DvcIgnore.forPath(dir)): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const relpath = prefix ? `${prefix}/${entry.name}` : entry.name;
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(join(dir, relpath)).then((info) => info.isDirectory(), () => false)));
    if (ignore.ignores(join(dir, relpath), isDir)) continue;
    if (entry.isDirectory()) found.push(...(await listFiles(dir, relpath, ignore)));
    else if (entry.isFile()) found.push(relpath);
    else if (entry.isSymbolicLink() && (await stat(join(dir, relpath))).isFile()) found.push(relpath);
  }
  return found.sort(compareCodePoints);
}
