import { createHash } from "node:crypto";
import { DataError, IntegrityError } from "../errors.js";
import { unsafePathReason } from "../files/confine-path.js";
import { excerpt } from "../files/excerpt.js";
import { parseStrictJson } from "../files/strict-json.js";

/** One member of a tracked directory, as DVC 3 records it in a `.dir` manifest. */
export interface ManifestEntry {
  md5: string;
  relpath: string;
}

/** The md5 DVC gives an empty directory: the manifest `[]`. */
export const EMPTY_DIR_MD5 = "d751713988987e9331980363e24189ce";

/**
 * Orders strings by Unicode code point, as Python's `sorted()` does. JavaScript's `<` compares UTF-16
 * code units, which puts astral characters (surrogate pairs) before U+E000..U+FFFF; this corrects that.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

export function sortManifest(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((x, y) => compareCodePoints(x.relpath, y.relpath));
}

/** The exact bytes of `json.dumps(sorted_list, sort_keys=True)` (dvc-data `Tree.as_bytes()`), UTF-8, no newline. */
export function serializeManifest(entries: readonly ManifestEntry[]): Buffer {
  const items = sortManifest(entries).map(
    (entry) => `{"md5": ${pythonJsonString(entry.md5)}, "relpath": ${pythonJsonString(entry.relpath)}}`,
  );
  return Buffer.from(`[${items.join(", ")}]`, "utf8");
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** Python's `json.dumps(str)` with `ensure_ascii=True`: everything outside ' '..'~' becomes `\uXXXX` (lower-case hex, astral as surrogate pairs). */
export function pythonJsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const unit = text.charCodeAt(i);
    const short = SHORT_ESCAPES[char];
    if (short) out += short;
    else if (unit >= 0x20 && unit <= 0x7e) out += char;
    else out += `\\u${unit.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

export function md5Hex(bytes: Uint8Array | string): string {
  return createHash("md5").update(bytes).digest("hex");
}

/** The `.dvc` hash of a directory: md5 of its manifest bytes, with DVC's `.dir` suffix. */
export function manifestHash(entries: readonly ManifestEntry[]): string {
  return `${md5Hex(serializeManifest(entries))}.dir`;
}

/**
 * Reads a `.dir` object, checking its shape; `file` names it in errors. A relpath is data from a remote others
 * can write: one that is absolute, climbs out with `..`, holds a NUL byte, reaches into `.git`, has an empty or
 * `.` segment, or repeats another entry is refused here, before pull joins it to anything.
 */
export function parseManifest(bytes: Uint8Array, file: string): ManifestEntry[] {
  const value = parseStrictJson(Buffer.from(bytes).toString("utf8"), file, { error: IntegrityError });
  if (!Array.isArray(value)) throw new IntegrityError("expected a JSON list of {md5, relpath}", { file });
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    const entry = item as Partial<ManifestEntry> | null;
    if (!entry || typeof entry.md5 !== "string" || typeof entry.relpath !== "string" || !/^[0-9a-f]{32}$/.test(entry.md5)) {
      throw new IntegrityError(`entry ${index} is not {"md5": <32 hex>, "relpath": <string>}`, { file });
    }
    const reason = relpathProblem(entry.relpath);
    if (reason) throw new DataError(`entry ${index}: relpath "${excerpt(entry.relpath, 80)}" ${reason}; expected a relative path inside the tracked folder`, { file });
    if (seen.has(entry.relpath)) throw new DataError(`entry ${index}: relpath "${excerpt(entry.relpath, 80)}" appears twice; expected each file once`, { file });
    seen.add(entry.relpath);
    return { md5: entry.md5, relpath: entry.relpath };
  });
}

function relpathProblem(relpath: string): string | undefined {
  const unsafe = unsafePathReason(relpath);
  if (unsafe) return unsafe;
  if (relpath.includes("\\")) return "contains a backslash (a folder separator on Windows)";
  if (relpath.split("/").some((part) => part === "" || part === ".")) return "has an empty or '.' segment";
  return undefined;
}
