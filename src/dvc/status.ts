import { isDirHash, isDvc3Out } from "./dvc-file.js";
import { manifestHash, type ManifestEntry } from "./dir-manifest.js";
import { HashCache } from "./hash-cache.js";
import type { Remote } from "./remote.js";
import { loadTracked, openCache, outObjects, recordedManifest } from "./tracked.js";
import { hashWorkspaceOut, type WorkspaceOut } from "./workspace.js";

export interface FileChanges {
  added: string[];
  deleted: string[];
  modified: string[];
}

export interface OutStatus {
  /** The out's path as the .dvc file writes it. */
  path: string;
  recordedMd5: string;
  /** DVC 3 (raw md5) or DVC 2 (md5 of dos2unix for text files). */
  format: "dvc3" | "dvc2";
  workspace: "unchanged" | "modified" | "missing";
  workspaceMd5?: string;
  /** Per-file differences, when the recorded manifest is in the cache. */
  changes?: FileChanges;
  /** Objects of the recorded version absent from `.dvc/cache` (a missing `.dir` hides its members). */
  missingInCache: string[];
  /** Objects absent from the remote; only when a remote was asked. */
  missingInRemote?: string[];
}

export interface DataStatus {
  dvcPath: string;
  outs: OutStatus[];
  remote?: string;
}

/** Workspace vs `.dvc` vs cache (vs remote): fast, since unchanged files are answered by the hash cache. */
export async function dataStatus(repoRoot: string, options: { dvcFile?: string; remote?: Remote } = {}): Promise<DataStatus> {
  const tracked = await loadTracked(repoRoot, options.dvcFile);
  const hashCache = await HashCache.load(repoRoot);
  const cache = openCache(repoRoot);
  const outs: OutStatus[] = [];
  for (const { out, absPath } of tracked.outs) {
    const legacy = !isDvc3Out(out);
    const state = await hashWorkspaceOut(absPath, { hashCache, legacy });
    const manifest = await recordedManifest(cache, out);
    const workspaceMd5 = hashOfState(state);
    const objects = outObjects(out, manifest);
    const missingInCache = legacy ? [] : await filterAsync(objects, async (md5) => !(await cache.has(md5)));
    outs.push({
      path: out.path,
      recordedMd5: out.md5,
      format: legacy ? "dvc2" : "dvc3",
      workspace: state.kind === "missing" ? "missing" : workspaceMd5 === out.md5 ? "unchanged" : "modified",
      ...(workspaceMd5 ? { workspaceMd5 } : {}),
      ...(manifest && state.kind === "dir" && workspaceMd5 !== out.md5 ? { changes: diffManifests(manifest, state.entries) } : {}),
      missingInCache,
      ...(options.remote ? { missingInRemote: await filterAsync(objects, async (md5) => !(await options.remote!.has(md5))) } : {}),
    });
  }
  await hashCache.save();
  return { dvcPath: tracked.dvcPath, outs, ...(options.remote ? { remote: options.remote.description } : {}) };
}

export function hashOfState(state: WorkspaceOut): string | undefined {
  if (state.kind === "file") return state.md5;
  if (state.kind === "dir") return manifestHash(state.entries);
  return undefined;
}

export function diffManifests(recorded: readonly ManifestEntry[], current: readonly ManifestEntry[]): FileChanges {
  const before = new Map(recorded.map((entry) => [entry.relpath, entry.md5]));
  const after = new Map(current.map((entry) => [entry.relpath, entry.md5]));
  return {
    added: [...after.keys()].filter((path) => !before.has(path)),
    deleted: [...before.keys()].filter((path) => !after.has(path)),
    modified: [...after.entries()].filter(([path, md5]) => before.has(path) && before.get(path) !== md5).map(([path]) => path),
  };
}

/** At most 8 checks in flight: a remote answers each object with one request. */
async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const flags: boolean[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      flags[index] = await keep(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, items.length) }, worker));
  return items.filter((_, index) => flags[index]);
}

/** One line per finding, for the CLI. */
export function renderStatus(status: DataStatus): string {
  const lines: string[] = [];
  for (const out of status.outs) {
    const kind = isDirHash(out.recordedMd5) ? "folder" : "file";
    lines.push(`${out.path} (${kind}, ${out.format === "dvc2" ? "DVC 2 hashes" : "DVC 3"}): workspace ${out.workspace}`);
    if (out.workspace === "modified") lines.push(`  recorded ${out.recordedMd5}, workspace ${out.workspaceMd5}`);
    for (const [label, paths] of Object.entries(out.changes ?? {})) for (const path of paths) lines.push(`  ${label}: ${path}`);
    lines.push(out.missingInCache.length ? `  cache: ${out.missingInCache.length} object(s) missing` : "  cache: complete");
    if (out.missingInRemote) {
      lines.push(out.missingInRemote.length ? `  remote: ${out.missingInRemote.length} object(s) not pushed` : "  remote: up to date");
    }
  }
  return lines.join("\n");
}
