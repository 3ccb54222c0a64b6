import { join } from "node:path";
import { checkBoundedFile } from "../files/read-bounded.js";
import { readDvcConfig, type DvcConfig } from "./dvc-config.js";

/**
 * `readDvcConfig`, after checking that `.dvc/config` and `.dvc/config.local` are regular files of a config's
 * size: a checkout may commit either as a link to /dev/zero, which a plain read would follow forever.
 */
export async function readCheckedDvcConfig(repoRoot: string): Promise<DvcConfig> {
  for (const name of ["config", "config.local"]) await checkBoundedFile(join(repoRoot, ".dvc", name), "config");
  return readDvcConfig(repoRoot);
}
