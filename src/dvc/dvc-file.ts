import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { DataError } from "../errors.js";
import { applyDiff, dumpRt, readRt, toRt, type Plain, type RtMap } from "./dvc-yaml.js";

/** One `outs:` entry of a `.dvc` file. `hash: "md5"` marks DVC 3; without it the md5 is DVC 2's (dos2unix for text). */
export interface DvcOut {
  md5: string;
  size?: number;
  nfiles?: number;
  /** The file is executable (DVC records `isexec: true`, never false). */
  isexec?: boolean;
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

const KNOWN_OUT_KEYS = new Set(["md5", "size", "nfiles", "isexec", "hash", "path"]);
/** The order dvc/output.py dumpd writes an out's other fields in (annotations, then flags). */
const OUT_EXTRA_ORDER = ["fs_config", "desc", "type", "labels", "meta", "cache", "metric", "plot", "persist", "remote", "push"];

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
    ...(raw.isexec === true ? { isexec: true } : {}),
    ...(raw.hash === "md5" ? { hash: "md5" as const } : {}),
    path: raw.path,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/**
 * The bytes `dvc add` writes (src/dvc/dvc-yaml.ts: ruamel.yaml as DVC configures it), fields in
 * dvc/output.py dumpd's order: md5, size, nfiles, isexec, hash, path, then annotations and flags.
 * With `previousText` (the file being replaced), DVC's re-add: its fields, order and comments are kept
 * and only what changed is updated (dvc/stage/serialize.py to_single_stage_file, apply_diff).
 */
export function serializeDvcFile(dvcFile: DvcFile, previousText?: string): string {
  const state = { outs: dvcFile.outs.map(outState), ...dvcFile.extra } as Plain;
  const previous = previousText === undefined ? undefined : readRt(previousText);
  if (!previous) return dumpRt(toRt(state) as RtMap);
  return dumpRt(applyDiff(state, previous.root) as RtMap, previous.header, previous.footer);
}

function outState(out: DvcOut): Plain {
  const extra = out.extra ?? {};
  const ordered = [...OUT_EXTRA_ORDER.filter((key) => key in extra), ...Object.keys(extra).filter((key) => !OUT_EXTRA_ORDER.includes(key))];
  return {
    md5: out.md5,
    ...(out.size !== undefined ? { size: out.size } : {}),
    ...(out.nfiles !== undefined ? { nfiles: out.nfiles } : {}),
    ...(out.isexec ? { isexec: true } : {}),
    ...(out.hash ? { hash: out.hash } : {}),
    path: out.path,
    ...Object.fromEntries(ordered.map((key) => [key, extra[key] as Plain])),
  };
}

/**
 * What a re-add keeps from an existing `.dvc` file even when it has no md5 yet (DVC's
 * test_add_preserve_fields: desc, type, labels, remote, meta and comments): its text, the first out's
 * other fields and the top-level ones. Undefined when there is no file or it is not a mapping.
 */
export async function readDvcFileForUpdate(path: string): Promise<{ text: string; outExtra: Record<string, unknown>; extra: Record<string, unknown>; md5?: string } | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return undefined;
  const { outs, ...extra } = doc as { outs?: unknown } & Record<string, unknown>;
  const first = Array.isArray(outs) && outs[0] && typeof outs[0] === "object" ? (outs[0] as Record<string, unknown>) : {};
  const outExtra = Object.fromEntries(Object.entries(first).filter(([key]) => !KNOWN_OUT_KEYS.has(key)));
  return { text, outExtra, extra, ...(typeof first.md5 === "string" ? { md5: first.md5 } : {}) };
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

export async function writeDvcFile(path: string, dvcFile: DvcFile, previousText?: string): Promise<void> {
  await writeFileAtomic(path, serializeDvcFile(dvcFile, previousText));
}
