import { lstat, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { DataError, type Location, type StockopsError } from "../errors.js";

type ErrorClass = new (message: string, location?: Location, hint?: string) => StockopsError;

/** Where a path came from, so a refusal names it: the file that holds it and the field or entry. */
export interface PathOrigin extends Location {
  /** The error to throw (DataError unless the path came from a config file). */
  error?: ErrorClass;
}

/**
 * Why a path taken from data (a manifest relpath, a .dvc out, a csv path, an artifact name) may not be used
 * inside `root`; undefined when it may. git refuses the same things in its index (`verify_path`: no `..`,
 * no `.git` component, nothing absolute), and DVC refuses outputs outside the repository.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path === "") return "is empty";
  if (path.includes("\0")) return "contains a NUL byte";
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\")) return "is absolute";
  const parts = path.split(/[\\/]/);
  if (parts.includes("..")) return "climbs out with '..'";
  if (parts.some((part) => part.toLowerCase() === ".git")) return "reaches into .git";
  return undefined;
}

/** `root/path`, after checking that `path` is relative, has no `..`, no NUL and no `.git` component. */
export function resolveInside(root: string, path: string, origin: PathOrigin = {}): string {
  const reason = unsafePathReason(path);
  if (reason) throw refusal(`path ${printable(path)} ${reason}; expected a relative path inside the repository`, origin);
  const absolute = resolve(root, path);
  if (!isWithin(root, absolute)) throw refusal(`path ${printable(path)} leaves the repository; expected a path inside it`, origin);
  return absolute;
}

/** True when `path` is `root` or lies under it (lexically; see `assertNoSymlinkInside` for links). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * Refuses a symbolic link at `path` or at any folder between `root` and it: writing or reading through one
 * would reach whatever it points at. Components that do not exist yet are fine (they will be created as
 * real folders). `root` itself may be a link (a checkout under a linked /tmp).
 */
export async function assertNoSymlinkInside(root: string, path: string, origin: PathOrigin = {}): Promise<void> {
  const rel = relative(resolve(root), resolve(path));
  if (rel === "") return;
  if (!isWithin(root, path)) throw refusal(`${printable(path)} is outside the repository ${root}`, origin);
  let current = resolve(root);
  for (const part of rel.split(sep)) {
    current = join(current, part);
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    if (info.isSymbolicLink()) {
      throw refusal(`${printable(relative(root, current))} is a symbolic link; stockops does not follow links out of the tracked folder (replace it with the file itself)`, {
        file: current,
        ...origin,
      });
    }
  }
}

/** `resolveInside` then `assertNoSymlinkInside`: the one check every path from data goes through before it is read or written. */
export async function confinedPath(root: string, path: string, origin: PathOrigin = {}): Promise<string> {
  const absolute = resolveInside(root, path, origin);
  await assertNoSymlinkInside(root, absolute, origin);
  return absolute;
}

/** True when the real location of `path` (links resolved) lies under the real location of `root`. */
export async function isReallyWithin(root: string, path: string): Promise<boolean> {
  const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
  return isWithin(realRoot, realPath);
}

/** A path as it may appear in a message: control characters escaped, at most 120 characters. */
export function printable(path: string): string {
  const escaped = JSON.stringify(path);
  return escaped.length > 122 ? `${escaped.slice(0, 120)}…"` : escaped;
}

function refusal(message: string, { error = DataError, ...location }: PathOrigin): StockopsError {
  return new error(message, location);
}
