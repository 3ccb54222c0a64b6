import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { DataError } from "../errors.js";
import { md5Hex, serializeManifest, manifestHash } from "./dir-manifest.js";
import { readDvcFile, writeDvcFile, type DvcFile, type DvcOut } from "./dvc-file.js";
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
    out = { md5: state.md5, size: state.size, hash: "md5", path: basename(absPath) };
  } else {
    for (const entry of state.entries) await storeFile(cache, resolve(absPath, entry.relpath), entry.md5);
    const md5 = manifestHash(state.entries);
    if (!(await cache.has(md5))) await cache.write(md5, serializeManifest(state.entries));
    out = { md5, size: state.size, nfiles: state.entries.length, hash: "md5", path: basename(absPath) };
  }
  await hashCache.save();
  const dvcPath = `${absPath}.dvc`;
  const previous = await readDvcFile(dvcPath).catch(() => undefined);
  const previousOut = previous?.outs[0];
  const dvcFile: DvcFile = {
    outs: [{ ...out, ...(previousOut?.extra ? { extra: previousOut.extra } : {}) }],
    ...(previous?.extra ? { extra: previous.extra } : {}),
  };
  await writeDvcFile(dvcPath, dvcFile);
  return { dvcPath, out, ...(previousOut ? { previousMd5: previousOut.md5 } : {}) };
}

async function storeFile(cache: ObjectCache, path: string, md5: string): Promise<void> {
  if (await cache.has(md5)) return;
  const bytes = await readFile(path);
  if (md5Hex(bytes) !== md5) throw new DataError("the file changed while it was being added; run add again", { file: path });
  await cache.write(md5, bytes);
}
