import { execFile } from "node:child_process";
import { cp, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gitCli, makeTempDir } from "./temp-repo.js";

const execFileAsync = promisify(execFile);
export const PROJECT = join(import.meta.dirname, "..", "..");

/**
 * A git repository holding this checkout's files as they are now (tracked and untracked, not ignored; no
 * node_modules, no lib/), committed as `main`: what `stockops act` pushes to its local origin. The local
 * runner's `npm ci` links this project's node_modules (docs/local-runner.md).
 */
export async function copyOfProject(): Promise<string> {
  const { stdout } = await execFileAsync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT, maxBuffer: 64 * 1024 * 1024 });
  const files = stdout.split("\0").filter((path) => path && !path.startsWith("node_modules") && !path.startsWith("lib/"));
  const root = await makeTempDir("stockops-project-");
  for (const path of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await cp(join(PROJECT, path), join(root, path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error; // deleted in the working tree but not yet in the index
    });
  }
  await gitCli(root, ["init", "--quiet", "--initial-branch=main"]);
  await gitCli(root, ["add", "-A"]);
  await gitCli(root, ["commit", "--quiet", "-m", "stockops as it is in the working tree"]);
  return root;
}
