import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface CodeVersion {
  package: string;
  /** Commit of the stockops checkout that ran, when it is a git checkout (or GITHUB_SHA on a runner). */
  commit: string | undefined;
}

let cached: CodeVersion | undefined;

/** Read from files rather than by spawning git: the no-op rerun must stay fast. */
export function codeVersion(env: NodeJS.ProcessEnv = process.env): CodeVersion {
  if (!cached) {
    const root = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
    cached = { package: root?.version ?? "unknown", commit: env.STOCKOPS_CODE_COMMIT ?? (root ? readGitHead(root.dir) : undefined) };
  }
  return cached;
}

/**
 * The nearest folder above `start` whose package.json is stockops'. Searched upwards because this code runs
 * from lib/pipeline/ and also bundled, from actions/<name>/dist/ of a workflow's checkout.
 */
export function findPackageRoot(start: string): { dir: string; version: string } | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "stockops" && typeof manifest.version === "string") return { dir, version: manifest.version };
    } catch {
      // no package.json here (or not JSON): keep looking upwards
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readGitHead(packageRoot: string): string | undefined {
  try {
    const gitDir = join(packageRoot, ".git");
    const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head;
    const ref = head.slice(5);
    try {
      return readFileSync(join(gitDir, ref), "utf8").trim();
    } catch {
      const packed = readFileSync(join(gitDir, "packed-refs"), "utf8");
      return packed.split("\n").find((line) => line.endsWith(` ${ref}`))?.split(" ")[0];
    }
  } catch {
    return undefined;
  }
}
