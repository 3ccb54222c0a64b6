import { chmod, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { IntegrityError } from "../errors.js";
import { md5Hex } from "./dir-manifest.js";

/** `files/md5/<2 hex>/<30 hex>[.dir]`: where DVC 3 keeps an object, in a cache and in every remote. */
export function objectKey(md5: string): string {
  return `files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`;
}

/** DVC ≤ 2 kept objects at `<cache>/<2 hex>/<30 hex>`. */
export function legacyObjectKey(md5: string): string {
  return `${md5.slice(0, 2)}/${md5.slice(2)}`;
}

export function defaultCacheDir(repoRoot: string): string {
  return join(repoRoot, ".dvc", "cache");
}

/** The hex md5 an object's bytes must have: the name without DVC's `.dir` suffix. */
export function bareMd5(md5: string): string {
  return md5.endsWith(".dir") ? md5.slice(0, -4) : md5;
}

/** Checks bytes against the hash they are stored under; `what` names them in the error. */
export function assertObjectBytes(md5: string, bytes: Uint8Array, what: string): void {
  const actual = md5Hex(bytes);
  if (actual !== bareMd5(md5)) {
    throw new IntegrityError(`object is corrupted: expected md5 ${bareMd5(md5)}, its bytes hash to ${actual}`, { file: what });
  }
}

/** A DVC 3 content-addressed cache folder (`.dvc/cache`). */
export class ObjectCache {
  constructor(readonly dir: string) {}

  pathOf(md5: string): string {
    return join(this.dir, objectKey(md5));
  }

  async has(md5: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(md5))).isFile();
    } catch {
      return false;
    }
  }

  /** The object's bytes, or undefined when absent; never checked (call `readVerified` for that). */
  async read(md5: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(md5));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** The object's bytes after checking they hash to their name; undefined when absent. */
  async readVerified(md5: string): Promise<Buffer | undefined> {
    const bytes = await this.read(md5);
    if (bytes) assertObjectBytes(md5, bytes, this.pathOf(md5));
    return bytes;
  }

  /** Stores bytes under their hash, refusing bytes that do not match it; objects are read-only, as DVC leaves them. */
  async write(md5: string, bytes: Uint8Array): Promise<void> {
    assertObjectBytes(md5, bytes, this.pathOf(md5));
    const path = this.pathOf(md5);
    await writeFileAtomic(path, bytes);
    await chmod(path, 0o444);
  }
}
