import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { DataError, RemoteError } from "../errors.js";
import { isDirHash, isDvc3Out, type DvcOut } from "./dvc-file.js";
import { HashCache } from "./hash-cache.js";
import { assertNoSymlinkInside } from "../files/confine-path.js";
import { parseManifest, type ManifestEntry } from "./dir-manifest.js";
import { assertObjectBytes, type ObjectCache } from "./object-cache.js";
import type { Remote } from "./remote.js";
import { loadTracked, openCache, outObjects, recordedManifest, type Tracked } from "./tracked.js";
import { listFiles } from "./workspace.js";

export interface TransferResult {
  /** Objects copied (uploaded by push, downloaded by pull). */
  transferred: string[];
  /** Objects already where they had to be. */
  skipped: number;
  /** Workspace files written by pull. */
  written: string[];
  /** Workspace files removed by a forced pull (not in the recorded version). */
  removed: string[];
}

/** Uploads the objects of the recorded version that the remote lacks; every object is re-hashed first, members before the `.dir`. */
export async function pushData(repoRoot: string, remote: Remote, options: { dvcFile?: string } = {}): Promise<TransferResult> {
  const tracked = await loadTracked(repoRoot, options.dvcFile);
  const cache = openCache(repoRoot);
  const objects: string[] = [];
  for (const { out } of tracked.outs) {
    requireDvc3(out, tracked);
    const manifest = await recordedManifest(cache, out);
    if (isDirHash(out.md5) && !manifest) throw missingObjects([out.md5], cache, "push");
    objects.push(...outObjects(out, manifest));
  }
  const absent = [];
  for (const md5 of objects) if (!(await cache.readVerified(md5))) absent.push(md5);
  if (absent.length) throw missingObjects(absent, cache, "push");
  const transferred: string[] = [];
  for (const md5 of objects) {
    if (await remote.has(md5)) continue;
    const bytes = await cache.readVerified(md5);
    await remote.put(md5, bytes as Buffer);
    transferred.push(md5);
  }
  return { transferred, skipped: objects.length - transferred.length, written: [], removed: [] };
}

/**
 * Fetches the recorded version into the cache (each object checked against its hash before it is stored), then
 * checks it out: each workspace file is written via a temp file and a rename from verified bytes. A workspace file
 * that differs from the recorded version stops the pull, unless `force`.
 */
export async function pullData(repoRoot: string, remote: Remote, options: { dvcFile?: string; force?: boolean } = {}): Promise<TransferResult> {
  const tracked = await loadTracked(repoRoot, options.dvcFile);
  const cache = openCache(repoRoot);
  const transferred: string[] = [];
  let skipped = 0;
  const fetchObject = async (md5: string) => {
    if (await cache.readVerified(md5).catch(() => undefined)) return skipped++;
    const bytes = await remote.get(md5);
    if (!bytes) throw new RemoteError(`${remote.description} does not hold object ${md5}; push it from a clone that has it`);
    assertObjectBytes(md5, bytes, `${remote.description}: ${md5}`);
    // A manifest is checked (relpaths confined) before it is stored, so a hostile one leaves nothing behind.
    if (isDirHash(md5)) parseManifest(bytes, `${remote.description}: ${md5}`);
    await cache.write(md5, bytes);
    transferred.push(md5);
  };
  const plans: { absPath: string; manifest: ManifestEntry[] | undefined; out: DvcOut }[] = [];
  for (const { out, absPath } of tracked.outs) {
    requireDvc3(out, tracked);
    if (isDirHash(out.md5)) await fetchObject(out.md5);
    const manifest = await recordedManifest(cache, out);
    for (const md5 of outObjects(out, manifest)) if (md5 !== out.md5 || !isDirHash(md5)) await fetchObject(md5);
    plans.push({ absPath, manifest, out });
  }
  for (const { absPath, manifest } of plans) {
    for (const entry of manifest ?? []) await assertNoSymlinkInside(repoRoot, join(absPath, entry.relpath), { file: tracked.dvcPath });
  }
  const hashCache = await HashCache.load(repoRoot);
  const written: string[] = [];
  const removed: string[] = [];
  for (const { absPath, manifest, out } of plans) {
    const wanted = manifest ? manifest.map((entry) => ({ path: join(absPath, entry.relpath), md5: entry.md5 })) : [{ path: absPath, md5: out.md5 }];
    const extra = manifest ? await extraFiles(absPath, manifest) : [];
    const stale = [];
    for (const file of wanted) {
      const current = await hashCache.md5(file.path).catch(() => undefined);
      if (current?.md5 !== file.md5) stale.push({ ...file, exists: current !== undefined });
    }
    const conflicts = [...stale.filter((file) => file.exists).map((file) => file.path), ...extra];
    if (conflicts.length && !options.force) {
      throw new DataError(
        `${conflicts.length} workspace file(s) differ from the recorded version, first ${relative(repoRoot, conflicts[0] as string)}; pull --force overwrites them`,
        { file: tracked.dvcPath },
      );
    }
    for (const file of stale) {
      const bytes = (await cache.readVerified(file.md5)) as Buffer;
      await writeFileAtomic(file.path, bytes);
      await hashCache.remember(file.path, file.md5);
      written.push(relative(repoRoot, file.path));
    }
    for (const path of extra) {
      await rm(path);
      removed.push(relative(repoRoot, path));
    }
  }
  await hashCache.save();
  return { transferred, skipped, written, removed };
}

async function extraFiles(dir: string, manifest: ManifestEntry[]): Promise<string[]> {
  const tracked = new Set(manifest.map((entry) => entry.relpath));
  const present = await listFiles(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    if (error.code === "ENOTDIR") throw new DataError("is a file, but the recorded version is a folder; remove it or pull --force elsewhere", { file: dir });
    throw error;
  });
  return present.filter((relpath) => !tracked.has(relpath)).map((relpath) => join(dir, relpath));
}

function requireDvc3(out: DvcOut, tracked: Tracked): void {
  if (!isDvc3Out(out)) {
    throw new DataError(
      `'${out.path}' has DVC 2 hashes (no 'hash: md5'); stockops pushes and pulls DVC 3 outs only: run \`stockops data add ${out.path}\` to re-hash it`,
      { file: tracked.dvcPath },
    );
  }
}

function missingObjects(md5s: string[], cache: ObjectCache, action: string): DataError {
  return new DataError(`cannot ${action}: ${md5s.length} object(s) missing from the cache, first ${md5s[0]}; run \`stockops data add\` or \`pull\` first`, {
    file: cache.dir,
  });
}

