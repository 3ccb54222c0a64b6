import { relative } from "node:path";
import { IntegrityError } from "../errors.js";
import { md5Hex } from "./dir-manifest.js";
import { isDvc3Out } from "./dvc-file.js";
import { HashCache } from "./hash-cache.js";
import { bareMd5 } from "./object-cache.js";
import { diffManifests, hashOfState } from "./status.js";
import { loadTracked, openCache, outObjects, recordedManifest } from "./tracked.js";
import { hashWorkspaceOut } from "./workspace.js";

export interface VerifyReport {
  dvcPath: string;
  /** Workspace files re-hashed. */
  filesHashed: number;
  /** Cache objects re-hashed. */
  objectsHashed: number;
  /** Objects the cache does not hold (not an error: `pull` fetches them). */
  missingInCache: string[];
}

/**
 * Re-hashes every tracked file and every cache object of the recorded version, ignoring the hash cache (and
 * refreshing it). Any mismatch throws an IntegrityError naming the file and both hashes.
 */
export async function verifyData(repoRoot: string, options: { dvcFile?: string } = {}): Promise<VerifyReport> {
  const tracked = await loadTracked(repoRoot, options.dvcFile);
  const hashCache = await HashCache.load(repoRoot, { fresh: true });
  const cache = openCache(repoRoot);
  const problems: string[] = [];
  const missingInCache: string[] = [];
  let filesHashed = 0;
  let objectsHashed = 0;
  for (const { out, absPath } of tracked.outs) {
    const shown = relative(repoRoot, absPath) || ".";
    let manifest;
    try {
      manifest = await recordedManifest(cache, out);
    } catch (error) {
      problems.push((error as Error).message);
    }
    const state = await hashWorkspaceOut(absPath, { hashCache, legacy: !isDvc3Out(out) });
    filesHashed += state.kind === "dir" ? state.entries.length : state.kind === "file" ? 1 : 0;
    const actual = hashOfState(state);
    if (state.kind === "missing") problems.push(`${shown}: missing from the workspace (data.dvc records ${out.md5}); run \`stockops data pull\``);
    else if (actual !== out.md5) {
      if (manifest && state.kind === "dir") {
        const recorded = new Map(manifest.map((entry) => [entry.relpath, entry.md5]));
        const changes = diffManifests(manifest, state.entries);
        for (const entry of state.entries.filter((item) => changes.modified.includes(item.relpath))) {
          problems.push(`${shown}/${entry.relpath}: md5 mismatch: ${relative(repoRoot, tracked.dvcPath)} records ${recorded.get(entry.relpath)}, the file hashes to ${entry.md5}`);
        }
        for (const path of changes.added) problems.push(`${shown}/${path}: not in the recorded version ${out.md5}`);
        for (const path of changes.deleted) problems.push(`${shown}/${path}: missing (recorded md5 ${recorded.get(path)})`);
      } else {
        problems.push(`${shown}: md5 mismatch: ${relative(repoRoot, tracked.dvcPath)} records ${out.md5}, the workspace hashes to ${actual}`);
      }
    }
    if (!isDvc3Out(out)) continue;
    for (const md5 of outObjects(out, manifest)) {
      const bytes = await cache.read(md5);
      if (!bytes) {
        missingInCache.push(md5);
        continue;
      }
      objectsHashed++;
      const actualObject = md5Hex(bytes);
      if (actualObject !== bareMd5(md5)) {
        problems.push(`${relative(repoRoot, cache.pathOf(md5))}: corrupted cache object: expected md5 ${bareMd5(md5)}, its bytes hash to ${actualObject}`);
      }
    }
  }
  await hashCache.save();
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).join("; ")})` : "";
    throw new IntegrityError(`${problems[0]}${more}`, { file: relative(repoRoot, tracked.dvcPath) });
  }
  return { dvcPath: tracked.dvcPath, filesHashed, objectsHashed, missingInCache };
}
