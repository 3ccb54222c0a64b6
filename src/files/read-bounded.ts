import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { ConfigError, DataError, type StockopsError } from "../errors.js";

/** What a file holds decides how large it may be: every cap is far above real data (a 40-year daily csv is ~600 KB). */
export type InputKind = "csv" | "config" | "json" | "dvc" | "manifest" | "artifact";

export interface ReadLimit {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Longest line accepted, in bytes (a csv row is ~80; a .dir manifest is one JSON line). */
  maxLineBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_READ_LIMITS: Readonly<Record<InputKind, ReadLimit>> = {
  csv: { maxBytes: 256 * MiB, maxLineBytes: 64 * 1024 },
  config: { maxBytes: 4 * MiB, maxLineBytes: 64 * 1024 },
  json: { maxBytes: 64 * MiB, maxLineBytes: 64 * MiB },
  dvc: { maxBytes: 1 * MiB, maxLineBytes: 64 * 1024 },
  manifest: { maxBytes: 512 * MiB, maxLineBytes: 512 * MiB },
  artifact: { maxBytes: 512 * MiB, maxLineBytes: 512 * MiB },
};

/**
 * The caps in force: the defaults, each overridable by `STOCKOPS_MAX_<KIND>_BYTES` and
 * `STOCKOPS_MAX_<KIND>_LINE_BYTES` (e.g. STOCKOPS_MAX_CSV_BYTES=1073741824) for data larger than anything seen yet.
 */
export function readLimits(env: NodeJS.ProcessEnv = process.env): Record<InputKind, ReadLimit> {
  const limits = { ...DEFAULT_READ_LIMITS };
  for (const kind of Object.keys(limits) as InputKind[]) {
    const name = kind.toUpperCase();
    limits[kind] = {
      maxBytes: positiveInt(env[`STOCKOPS_MAX_${name}_BYTES`], `STOCKOPS_MAX_${name}_BYTES`) ?? limits[kind].maxBytes,
      maxLineBytes: positiveInt(env[`STOCKOPS_MAX_${name}_LINE_BYTES`], `STOCKOPS_MAX_${name}_LINE_BYTES`) ?? limits[kind].maxLineBytes,
    };
  }
  return limits;
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new ConfigError(`expected a whole number of bytes ≥ 1, got ${JSON.stringify(value.slice(0, 20))}`, { field: name });
  return Number(value);
}

export interface BoundedReadOptions {
  /** Names the file in errors (default: the path). */
  file?: string;
  /** Caps for this read (default: `readLimits()[kind]`). */
  limit?: ReadLimit;
}

/** Pseudo file systems whose "files" are endless, change under the reader, or hold the process's secrets. */
const PSEUDO_ROOTS = ["/proc/", "/sys/", "/dev/"];

/**
 * Reads a regular file of at most the kind's size cap and line-length cap. FIFOs, devices, sockets, folders and
 * anything under /proc, /sys or /dev are refused without reading a byte (a FIFO is opened non-blocking, so no
 * writer can make the read hang). A missing file rethrows the ENOENT error, so callers keep their own message.
 */
export async function readBoundedFile(path: string, kind: InputKind, options: BoundedReadOptions = {}): Promise<Buffer> {
  const { handle, size, limit, fail } = await openChecked(path, kind, options);
  try {
    const bytes = Buffer.allocUnsafe(size + 1);
    let length = 0;
    for (;;) {
      if (length === bytes.length) throw fail(tooLarge(length, limit.maxBytes, kind, "grew while it was read"));
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    const content = bytes.subarray(0, length);
    const long = longLine(content, limit.maxLineBytes);
    if (long) throw fail(`line longer than ${limit.maxLineBytes} bytes (${long.length} bytes); expected a ${describe(kind)} (raise STOCKOPS_MAX_${kind.toUpperCase()}_LINE_BYTES for longer lines)`, long.line);
    return content;
  } finally {
    await handle.close();
  }
}

/**
 * The checks of `readBoundedFile` without the read, for a file another module reads itself (`.dvc/config`):
 * a regular file under the size cap, or absent (false).
 */
export async function checkBoundedFile(path: string, kind: InputKind, options: BoundedReadOptions = {}): Promise<boolean> {
  try {
    const { handle } = await openChecked(path, kind, options);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

async function openChecked(path: string, kind: InputKind, options: BoundedReadOptions) {
  const file = options.file ?? path;
  const limit = options.limit ?? readLimits()[kind];
  const fail = (message: string, line?: number) => refusal(kind, message, file, line);
  const real = await realpath(path);
  if (PSEUDO_ROOTS.some((root) => real.startsWith(root)) || real === "/dev") throw fail(`is under ${real.split("/").slice(0, 2).join("/")}/, not a regular file; expected a ${describe(kind)}`);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fail(`is ${fileType(info)}, not a regular file; expected a ${describe(kind)}`);
    if (info.size > limit.maxBytes) throw fail(tooLarge(info.size, limit.maxBytes, kind));
    return { handle, size: info.size, limit, fail };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** `readBoundedFile` decoded as UTF-8. */
export async function readBoundedText(path: string, kind: InputKind, options: BoundedReadOptions = {}): Promise<string> {
  return (await readBoundedFile(path, kind, options)).toString("utf8");
}

/** The first line longer than `max` bytes, with its 1-based number; undefined when none is. */
export function longLine(bytes: Uint8Array, max: number): { line: number; length: number } | undefined {
  if (bytes.length <= max) return undefined;
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    if (end - start > max) return { line, length: end - start };
    start = end + 1;
  }
  return undefined;
}

function tooLarge(size: number, max: number, kind: InputKind, why = `is ${size} bytes`): string {
  return `${why}, over the ${max}-byte cap for a ${describe(kind)} (raise STOCKOPS_MAX_${kind.toUpperCase()}_BYTES for a larger file)`;
}

function fileType(info: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

function describe(kind: InputKind): string {
  return { csv: "CSV price file", config: "config file", json: "JSON file", dvc: ".dvc file", manifest: "DVC object", artifact: "artifact file" }[kind];
}

function refusal(kind: InputKind, message: string, file: string, line?: number): StockopsError {
  const location = { file, ...(line !== undefined ? { line } : {}) };
  return kind === "config" || kind === "json" ? new ConfigError(message, location) : new DataError(message, location);
}
