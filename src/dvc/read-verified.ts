import { join, relative } from "node:path";
import { DataError, IntegrityError } from "../errors.js";
import { confinedPath, type PathOrigin } from "../files/confine-path.js";
import { readBoundedFile } from "../files/read-bounded.js";
import { manifestHash, md5Hex } from "./dir-manifest.js";
import { isDirHash, isDvc3Out } from "./dvc-file.js";
import { legacyMd5 } from "./dos2unix.js";
import { HashCache } from "./hash-cache.js";
import { diffManifests } from "./status.js";
import { loadTracked, openCache, recordedManifest } from "./tracked.js";
import { hashWorkspaceOut } from "./workspace.js";

export interface VerifiedDataFile {
  bytes: Buffer;
  /** The data.dvc md5 the whole folder was verified against (e.g. `1a87…ef59d.dir`): the dataset's version. */
  dataVersion: string;
  /** md5 of `bytes` (the same hash DVC records for the file). */
  md5: string;
  path: string;
}

/**
 * Reads `<out>/<relPath>` (e.g. `data/AAPL.csv`) and proves it is the version `data.dvc` records: the file's own
 * bytes are hashed, the other files come from the hash cache, and the folder's manifest hash must equal data.dvc's.
 * A mismatch is an IntegrityError naming the file and both hashes.
 */
export async function readVerifiedDataFile(repoRoot: string, relPath: string, options: { dvcFile?: string; pathOrigin?: PathOrigin } = {}): Promise<VerifiedDataFile> {
  const tracked = await loadTracked(repoRoot, options.dvcFile);
  const target = tracked.outs.find(({ out }) => isDirHash(out.md5)) ?? tracked.outs[0];
  if (!target) throw new DataError("no outs", { file: tracked.dvcPath });
  const { out, absPath } = target;
  const dvcName = relative(repoRoot, tracked.dvcPath);
  // relPath comes from stockops.toml ([data] path): confined to the tracked folder, links refused, read bounded.
  const path = isDirHash(out.md5) ? await confinedPath(absPath, relPath, options.pathOrigin ?? { file: dvcName }) : absPath;
  const shown = relative(repoRoot, path);
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(path, "csv", { file: shown });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new DataError(`missing: ${dvcName} tracks it but it is not in the workspace; run \`stockops data pull\``, { file: shown });
  }
  const md5 = isDvc3Out(out) ? md5Hex(bytes) : legacyMd5(bytes);
  if (!isDirHash(out.md5)) {
    if (md5 !== out.md5) throw mismatch(shown, dvcName, out.md5, md5);
    return { bytes, dataVersion: out.md5, md5, path };
  }
  const hashCache = await HashCache.load(repoRoot);
  const state = await hashWorkspaceOut(absPath, { hashCache, legacy: !isDvc3Out(out) });
  await hashCache.save();
  if (state.kind !== "dir") throw new DataError(`expected a folder tracked by ${dvcName}`, { file: relative(repoRoot, absPath) });
  const entries = state.entries.map((entry) => (entry.relpath === relPath ? { ...entry, md5 } : entry));
  if (!entries.some((entry) => entry.relpath === relPath)) {
    throw new DataError(`not tracked: ${dvcName} records no file '${relPath}'`, { file: shown });
  }
  const actual = manifestHash(entries);
  if (actual === out.md5) return { bytes, dataVersion: out.md5, md5, path };
  const manifest = await recordedManifest(openCache(repoRoot), out).catch(() => undefined);
  const recorded = manifest?.find((entry) => entry.relpath === relPath);
  if (recorded && recorded.md5 !== md5) throw mismatch(shown, dvcName, recorded.md5, md5);
  if (manifest) {
    const changes = diffManifests(manifest, entries);
    const other = [...changes.modified, ...changes.added, ...changes.deleted][0];
    if (other) {
      const was = manifest.find((entry) => entry.relpath === other)?.md5 ?? "nothing";
      const now = entries.find((entry) => entry.relpath === other)?.md5 ?? "nothing (deleted)";
      throw new IntegrityError(
        `${relative(repoRoot, absPath)}/${other} differs from ${dvcName}: recorded ${was}, workspace ${now}; the dataset is not the recorded version`,
        { file: join(relative(repoRoot, absPath), other) },
      );
    }
  }
  throw new IntegrityError(`folder md5 mismatch: ${dvcName} records ${out.md5}, the workspace hashes to ${actual}`, {
    file: relative(repoRoot, absPath),
  });
}

function mismatch(file: string, dvcName: string, expected: string, actual: string): IntegrityError {
  return new IntegrityError(`md5 mismatch: ${dvcName} records ${expected}, the file hashes to ${actual}`, { file });
}
