import { readFile } from "node:fs/promises";
import { parse, stringify } from "yaml";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { DataError } from "../errors.js";

/** One `outs:` entry of a `.dvc` file. `hash: "md5"` marks DVC 3; without it the md5 is DVC 2's (dos2unix for text). */
export interface DvcOut {
  md5: string;
  size?: number;
  nfiles?: number;
  hash?: "md5";
  path: string;
  /** Keys stockops does not interpret (desc, cache, remote, …), kept so a rewrite loses nothing. */
  extra?: Record<string, unknown>;
}

export interface DvcFile {
  outs: DvcOut[];
  /** Top-level keys other than outs (deps, wdir, frozen, …), kept as they were. */
  extra?: Record<string, unknown>;
}

const KNOWN_OUT_KEYS = new Set(["md5", "size", "nfiles", "hash", "path"]);

export function isDirHash(md5: string): boolean {
  return md5.endsWith(".dir");
}

/** True when the md5 was computed by DVC 3 on raw bytes (DVC 2 normalised CRLF in text files first). */
export function isDvc3Out(out: DvcOut): boolean {
  return out.hash === "md5";
}

export function parseDvcFile(text: string, file: string): DvcFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new DataError(`not valid YAML: ${(error as Error).message.split("\n")[0]}`, { file });
  }
  if (!doc || typeof doc !== "object" || !Array.isArray((doc as { outs?: unknown }).outs)) {
    throw new DataError("expected a mapping with an 'outs' list, as `dvc add` writes", { file, field: "outs" });
  }
  const { outs, ...extra } = doc as { outs: unknown[] } & Record<string, unknown>;
  if (outs.length === 0) throw new DataError("'outs' is empty", { file, field: "outs" });
  return { outs: outs.map((out, index) => parseOut(out, file, index)), ...(Object.keys(extra).length ? { extra } : {}) };
}

function parseOut(value: unknown, file: string, index: number): DvcOut {
  const field = (name: string) => `outs[${index}].${name}`;
  if (!value || typeof value !== "object") throw new DataError("expected a mapping", { file, field: `outs[${index}]` });
  const raw = value as Record<string, unknown>;
  if (typeof raw.path !== "string" || raw.path === "") throw new DataError("expected a path", { file, field: field("path") });
  if (typeof raw.md5 !== "string" || !/^[0-9a-f]{32}(\.dir)?$/.test(raw.md5)) {
    throw new DataError("expected an md5: 32 hex digits, with '.dir' for a directory", { file, field: field("md5") });
  }
  if (raw.size !== undefined && !isCount(raw.size)) throw new DataError("expected a byte count", { file, field: field("size") });
  if (raw.nfiles !== undefined && !isCount(raw.nfiles)) throw new DataError("expected a file count", { file, field: field("nfiles") });
  if (raw.hash !== undefined && raw.hash !== "md5") {
    throw new DataError(`unsupported hash '${String(raw.hash)}'; stockops reads 'md5' (DVC 3) or no key (DVC 2)`, { file, field: field("hash") });
  }
  const extra = Object.fromEntries(Object.entries(raw).filter(([key]) => !KNOWN_OUT_KEYS.has(key)));
  return {
    md5: raw.md5,
    ...(raw.size !== undefined ? { size: raw.size as number } : {}),
    ...(raw.nfiles !== undefined ? { nfiles: raw.nfiles as number } : {}),
    ...(raw.hash === "md5" ? { hash: "md5" as const } : {}),
    path: raw.path,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** The YAML `dvc add` writes: key order md5, size, nfiles, hash, path; sequences not indented. */
export function serializeDvcFile(dvcFile: DvcFile): string {
  const outs = dvcFile.outs.map((out) => ({
    md5: out.md5,
    ...(out.size !== undefined ? { size: out.size } : {}),
    ...(out.nfiles !== undefined ? { nfiles: out.nfiles } : {}),
    ...(out.hash ? { hash: out.hash } : {}),
    path: out.path,
    ...out.extra,
  }));
  return stringify({ outs, ...dvcFile.extra }, { indentSeq: false, singleQuote: true, lineWidth: 0 });
}

export async function readDvcFile(path: string): Promise<DvcFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new DataError("no such .dvc file; run `stockops data add <path>` first", { file: path });
    }
    throw error;
  }
  return parseDvcFile(text, path);
}

export async function writeDvcFile(path: string, dvcFile: DvcFile): Promise<void> {
  await writeFileAtomic(path, serializeDvcFile(dvcFile));
}
