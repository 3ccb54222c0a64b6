import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import type { RunSource } from "./list-runs.js";

/** A clone (has `.git`) or a bare repository (has `HEAD` and `objects/`), e.g. a local origin. */
export async function resolveRunSource(cwd: string, path: string): Promise<RunSource> {
  const dir = resolve(cwd, path);
  if (await exists(join(dir, ".git"))) return { dir };
  if ((await exists(join(dir, "HEAD"))) && (await exists(join(dir, "objects")))) return { gitdir: dir };
  throw new UsageError(`${dir} is not a git repository: expected a clone or a bare repository (--repo DIR)`, { field: "repo" });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
