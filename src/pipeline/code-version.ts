import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stockopsRoot } from "./code-hash.js";

export interface CodeVersion {
  package: string;
  /** Commit of the stockops checkout that ran, when it is a git checkout (or GITHUB_SHA on a runner). */
  commit: string | undefined;
}

// Walk up rather than a fixed "../..": a bundled action runs from actions/<step>/dist/.
const packageRoot = stockopsRoot(fileURLToPath(import.meta.url)) ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let cached: CodeVersion | undefined;

/** Read from files rather than by spawning git: the no-op rerun must stay fast. */
export function codeVersion(env: NodeJS.ProcessEnv = process.env): CodeVersion {
  cached ??= { package: readPackageVersion(), commit: env.STOCKOPS_CODE_COMMIT ?? readGitHead() };
  return cached;
}

function readPackageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

function readGitHead(): string | undefined {
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
