// A temporary world for the attack tests: the repository sits three folders deep under `top`, so a path that
// climbs out with `..` lands in a folder the test can list; `outside` holds files the attacker wants to reach.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { md5Hex } from "../../src/dvc/dir-manifest.js";
import { objectKey } from "../../src/dvc/object-cache.js";

export interface AttackWorld {
  top: string;
  repo: string;
  remoteDir: string;
  outside: string;
  /** Every file under `top` outside the repository and the remote (what an escape would have left). */
  strayFiles(): Promise<string[]>;
  /** Stores bytes in the remote under their md5 (with `.dir` for a manifest); returns the key. */
  plant(bytes: string | Buffer, dir?: boolean): Promise<string>;
  cleanup(): Promise<void>;
}

/** A line shaped like /etc/passwd's first one: if it shows up in any output, something leaked. */
export const PASSWD_LINE = "root:x:0:0:root:/root:/bin/bash";

export async function attackWorld(): Promise<AttackWorld> {
  const top = await mkdtemp(join(tmpdir(), "stockops-attack-"));
  const repo = join(top, "a", "b", "repo");
  const remoteDir = join(top, "remote");
  const outside = join(top, "outside");
  for (const dir of [repo, remoteDir, outside]) await mkdir(dir, { recursive: true });
  await writeFile(join(outside, "passwd"), `${PASSWD_LINE}\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n`);
  const baseline = new Set(await listAll(top, [repo, remoteDir]));
  return {
    top,
    repo,
    remoteDir,
    outside,
    strayFiles: async () => (await listAll(top, [repo, remoteDir])).filter((file) => !baseline.has(file)),
    plant: async (bytes, dir = false) => {
      const md5 = `${md5Hex(bytes)}${dir ? ".dir" : ""}`;
      const path = join(remoteDir, objectKey(md5));
      await mkdir(join(path, ".."), { recursive: true });
      await writeFile(path, bytes);
      return md5;
    },
    cleanup: () => rm(top, { recursive: true, force: true }),
  };
}

async function listAll(top: string, skip: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(top, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (skip.some((dir) => path === dir || path.startsWith(`${dir}/`))) continue;
    if (!entry.isDirectory()) found.push(relative(top, path));
  }
  return found.sort();
}

export function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

/** A `.dvc` file tracking the folder `data` at `md5`, as DVC 3 writes it. */
export function dataDvc(md5: string, path = "data"): string {
  return `outs:\n- md5: ${md5}\n  hash: md5\n  path: ${path}\n`;
}
