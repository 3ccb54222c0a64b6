import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";
import { gitAccessFromEnv } from "../gitops/git-access.js";
import { remoteTransportKind } from "../gitops/remote-url.js";
import type { RunSource } from "./list-runs.js";

/**
 * A clone (has `.git`) or a bare repository (has `HEAD` and `objects/`), e.g. a local origin; a `file://`
 * URL names one of those. Any other remote address (SSH, http(s)) is mirrored first, so `--repo` takes
 * whatever `git clone` takes.
 */
export async function resolveRunSource(cwd: string, path: string, env: NodeJS.ProcessEnv = process.env): Promise<RunSource> {
  const kind = remoteTransportKind(path);
  if (kind !== "local") {
    const { mirrorRemote } = await import("../gitops/mirror-remote.js");
    return { gitdir: await mirrorRemote(path, gitAccessFromEnv(env)) };
  }
  const dir = /^file:/i.test(path) ? fileUrlPath(path) : resolve(cwd, path);
  if (await exists(join(dir, ".git"))) return { dir };
  if ((await exists(join(dir, "HEAD"))) && (await exists(join(dir, "objects")))) return { gitdir: dir };
  throw new UsageError(`${dir} is not a git repository: expected a clone, a bare repository or a remote URL (--repo DIR|URL)`, { field: "repo" });
}

function fileUrlPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new UsageError(`${url} is not a file URL of this machine (${(error as Error).message}): expected file:///absolute/path`, { field: "repo" });
  }
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
