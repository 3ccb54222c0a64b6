import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { readBoundedText } from "../files/read-bounded.js";
import { join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { writeFileAtomic } from "../artifacts/write-atomic.js";

type Stamp = [size: number, mtimeNs: string, inode: string, md5: string];

/** Where the hash cache lives, under DVC's own scratch folder (ignored by git, as `dvc init` sets up). */
export function hashCachePath(repoRoot: string): string {
  return join(repoRoot, ".dvc", "tmp", "stockops-hashes.json");
}

/**
 * md5 of files, remembered by (path, size, mtime in ns, inode) so an unchanged file is not read again.
 * `fresh` mode re-reads every file (verify, after a cache restore) and refreshes the remembered stamps.
 */
export class HashCache {
  private dirty = false;

  private constructor(
    private readonly repoRoot: string,
    private readonly stamps: Map<string, Stamp>,
    private readonly fresh: boolean,
  ) {}

  static async load(repoRoot: string, options: { fresh?: boolean } = {}): Promise<HashCache> {
    const stamps = new Map<string, Stamp>();
    if (!options.fresh) {
      try {
        const stored = JSON.parse(await readBoundedText(hashCachePath(repoRoot), "json")) as { version?: number; files?: Record<string, Stamp> };
        if (stored.version === 1 && stored.files) for (const [key, stamp] of Object.entries(stored.files)) stamps.set(key, stamp);
      } catch {
        // A missing or unreadable hash cache only costs a re-hash.
      }
    }
    return new HashCache(repoRoot, stamps, options.fresh ?? false);
  }

  /** md5 and size of the file at `path` (absolute), from the cache when its stamp still matches. */
  async md5(path: string): Promise<{ md5: string; size: number }> {
    const info = await stat(path, { bigint: true });
    const key = relative(this.repoRoot, path).split(sep).join("/");
    const size = Number(info.size);
    const mtimeNs = info.mtimeNs.toString();
    const inode = info.ino.toString();
    const known = this.stamps.get(key);
    if (!this.fresh && known && known[0] === size && known[1] === mtimeNs && known[2] === inode) return { md5: known[3], size };
    const md5 = await md5OfFile(path);
    this.stamps.set(key, [size, mtimeNs, inode, md5]);
    this.dirty = true;
    return { md5, size };
  }

  /** Records the hash of bytes just written, so the next status does not read them again. */
  async remember(path: string, md5: string): Promise<void> {
    const info = await stat(path, { bigint: true });
    const key = relative(this.repoRoot, path).split(sep).join("/");
    this.stamps.set(key, [Number(info.size), info.mtimeNs.toString(), info.ino.toString(), md5]);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const files = Object.fromEntries([...this.stamps.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeFileAtomic(hashCachePath(this.repoRoot), JSON.stringify({ version: 1, files }));
    this.dirty = false;
  }
}

export async function md5OfFile(path: string): Promise<string> {
  const hash = createHash("md5");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}
