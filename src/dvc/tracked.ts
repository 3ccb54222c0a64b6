import { dirname, join, resolve } from "node:path";
import { readDvcFile, type DvcFile, type DvcOut, isDirHash, isDvc3Out } from "./dvc-file.js";
import { parseManifest, type ManifestEntry } from "./dir-manifest.js";
import { defaultCacheDir, legacyObjectKey, ObjectCache } from "./object-cache.js";
import { readFile } from "node:fs/promises";

/** A `.dvc` file and where each of its outs lives on disk. */
export interface Tracked {
  repoRoot: string;
  dvcPath: string;
  dvcFile: DvcFile;
  outs: { out: DvcOut; absPath: string }[];
}

export const DEFAULT_DVC_FILE = "data.dvc";

export async function loadTracked(repoRoot: string, dvcFile = DEFAULT_DVC_FILE): Promise<Tracked> {
  const dvcPath = resolve(repoRoot, dvcFile);
  const parsed = await readDvcFile(dvcPath);
  return {
    repoRoot,
    dvcPath,
    dvcFile: parsed,
    outs: parsed.outs.map((out) => ({ out, absPath: resolve(dirname(dvcPath), out.path) })),
  };
}

export function openCache(repoRoot: string): ObjectCache {
  return new ObjectCache(defaultCacheDir(repoRoot));
}

/**
 * The recorded manifest of a directory out, read from the cache and checked against its hash; undefined when the
 * cache does not hold it. DVC 2 outs are looked up in DVC 2's cache layout too.
 */
export async function recordedManifest(cache: ObjectCache, out: DvcOut): Promise<ManifestEntry[] | undefined> {
  if (!isDirHash(out.md5)) return undefined;
  let bytes = await cache.readVerified(out.md5);
  if (!bytes && !isDvc3Out(out)) bytes = await readLegacyObject(cache, out.md5);
  return bytes ? parseManifest(bytes, cache.pathOf(out.md5)) : undefined;
}

async function readLegacyObject(cache: ObjectCache, md5: string): Promise<Buffer | undefined> {
  try {
    return await readFile(join(cache.dir, legacyObjectKey(md5)));
  } catch {
    return undefined;
  }
}

/** Every object an out needs: its members, then (for a directory) the `.dir` manifest itself. */
export function outObjects(out: DvcOut, manifest: ManifestEntry[] | undefined): string[] {
  if (!isDirHash(out.md5)) return [out.md5];
  const members = [...new Set((manifest ?? []).map((entry) => entry.md5))];
  return [...members, out.md5];
}
