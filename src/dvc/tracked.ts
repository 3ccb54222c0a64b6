import { dirname, join, relative, resolve } from "node:path";
import { DataError, StockopsError } from "../errors.js";
import { assertNoSymlinkInside, isWithin, unsafePathReason } from "../files/confine-path.js";
import { excerpt } from "../files/excerpt.js";
import { readBoundedText } from "../files/read-bounded.js";
import { parseDvcFile, type DvcFile, type DvcOut, isDirHash, isDvc3Out } from "./dvc-file.js";
import { parseManifest, type ManifestEntry } from "./dir-manifest.js";
import { defaultCacheDir, legacyObjectKey, ObjectCache } from "./object-cache.js";
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";

/** A `.dvc` file and where each of its outs lives on disk. */
export interface Tracked {
  repoRoot: string;
  dvcPath: string;
  dvcFile: DvcFile;
  outs: { out: DvcOut; absPath: string }[];
}

export const DEFAULT_DVC_FILE = "data.dvc";

/**
 * Reads a `.dvc` file (bounded: a regular file of at most 1 MiB) and confines each out to the repository: an out
 * path that is absolute, climbs out with `..`, reaches into `.git` or `.dvc`, or passes through a symbolic link
 * is refused before anything reads or writes it.
 */
export async function loadTracked(repoRoot: string, dvcFile = DEFAULT_DVC_FILE): Promise<Tracked> {
  const dvcPath = resolve(repoRoot, dvcFile);
  const text = await readDvcText(dvcPath);
  refuseYamlTags(text, dvcPath);
  const parsed = parseDvcFile(text, dvcPath);
  const outs = [];
  for (const [index, out] of parsed.outs.entries()) outs.push({ out, absPath: await confinedOut(repoRoot, dvcPath, out.path, index) });
  return { repoRoot, dvcPath, dvcFile: parsed, outs };
}

/**
 * `dvc add` never writes a YAML tag; an unknown one (`!!python/object`) makes the yaml library print a
 * process warning quoting the file. Checked here, silently, before the .dvc file is parsed.
 */
function refuseYamlTags(text: string, file: string): void {
  const [warning] = parseDocument(text, { logLevel: "silent" }).warnings;
  if (warning) throw new DataError(`${warning.code === "TAG_RESOLVE_FAILED" ? "a YAML tag" : "a YAML construct"} that .dvc files never hold; expected the YAML \`dvc add\` writes`, { file, line: warning.linePos?.[0]?.line });
}

async function readDvcText(dvcPath: string): Promise<string> {
  try {
    return await readBoundedText(dvcPath, "dvc");
  } catch (error) {
    if (error instanceof StockopsError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new DataError("no such .dvc file; run `stockops data add <path>` first", { file: dvcPath });
    }
    throw error;
  }
}

async function confinedOut(repoRoot: string, dvcPath: string, path: string, index: number): Promise<string> {
  const location = { file: dvcPath, field: `outs[${index}].path` };
  const absPath = resolve(dirname(dvcPath), path);
  const reason = unsafePathReason(path) ?? (isWithin(repoRoot, absPath) ? undefined : "leaves the repository");
  const first = relative(repoRoot, absPath).split(/[\\/]/)[0];
  const problem = reason ?? (first === "" ? "is the repository itself" : first === ".dvc" ? "is inside .dvc, DVC's own folder" : undefined);
  if (problem) {
    throw new DataError(`"${excerpt(path, 80)}" ${problem}; expected a path inside the repository, next to the .dvc file`, location);
  }
  await assertNoSymlinkInside(repoRoot, absPath, location);
  return absPath;
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
