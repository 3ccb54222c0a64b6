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

/** Where the demo leaves its origin (`npm start` in this folder); its refs are also fetched into the checkout. */
export const DEMO_ORIGIN = ".stockops/demo/git/demo/stockops.git";

/** What a command that found nothing says: where it looked and how to point it elsewhere. */
export async function nothingFoundHint(cwd: string, source: RunSource, looked: string): Promise<string> {
  const where = source.dir ?? source.gitdir ?? cwd;
  const demo = resolve(cwd, DEMO_ORIGIN);
  const demoHint = where !== demo && (await exists(join(demo, "HEAD"))) ? ` (the demo's origin: --repo ${DEMO_ORIGIN})` : "";
  return `looked in ${where} for ${looked}; --repo DIR reads another clone or bare repository${demoHint}, git fetch origin --tags brings a clone's`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
