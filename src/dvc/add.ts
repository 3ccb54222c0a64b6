import { readFile, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { DataError } from "../errors.js";
import { md5Hex, serializeManifest, manifestHash } from "./dir-manifest.js";
import { readDvcFileForUpdate, writeDvcFile, type DvcFile, type DvcOut } from "./dvc-file.js";
import { HashCache } from "./hash-cache.js";
import { openCache } from "./tracked.js";
import { hashWorkspaceOut } from "./workspace.js";
import type { ObjectCache } from "./object-cache.js";

export interface AddResult {
  dvcPath: string;
  out: DvcOut;
  /** md5 the .dvc file recorded before this add, when there was one. */
  previousMd5?: string;
}

/** `dvc add PATH`: hashes a file or folder, stores its objects in `.dvc/cache`, writes `PATH.dvc` (DVC 3 format). */
export async function addData(repoRoot: string, target: string): Promise<AddResult> {
  const absPath = resolve(repoRoot, target);
  const hashCache = await HashCache.load(repoRoot);
  const state = await hashWorkspaceOut(absPath, { hashCache });
  if (state.kind === "missing") throw new DataError("nothing to add: no such file or folder", { file: absPath });
  const cache = openCache(repoRoot);
  let out: DvcOut;
  if (state.kind === "file") {
    await storeFile(cache, absPath, state.md5);
    const executable = ((await stat(absPath)).mode & 0o111) !== 0;
    out = { md5: state.md5, size: state.size, ...(executable ? { isexec: true } : {}), hash: "md5", path: basename(absPath) };
  } else {
    for (const entry of state.entries) await storeFile(cache, resolve(absPath, entry.relpath), entry.md5);
    const md5 = manifestHash(state.entries);
    if (!(await cache.has(md5))) await cache.write(md5, serializeManifest(state.entries));
    out = { md5, size: state.size, nfiles: state.entries.length, hash: "md5", path: basename(absPath) };
  }
  await hashCache.save();
  const dvcPath = `${absPath}.dvc`;
  const previous = await readDvcFileForUpdate(dvcPath);
  const dvcFile: DvcFile = {
    outs: [{ ...out, ...(previous && Object.keys(previous.outExtra).length ? { extra: previous.outExtra } : {}) }],
    ...(previous && Object.keys(previous.extra).length ? { extra: previous.extra } : {}),
  };
  await writeDvcFile(dvcPath, dvcFile, previous?.text);
  return { dvcPath, out, ...(previous?.md5 ? { previousMd5: previous.md5 } : {}) };
}

async function storeFile(cache: ObjectCache, path: string, md5: string): Promise<void> {
  if (await cache.has(md5)) return;
  const bytes = await readFile(path);
  if (md5Hex(bytes) !== md5) throw new DataError("the file changed while it was being added; run add again", { file: path });
  await cache.write(md5, bytes);
}
