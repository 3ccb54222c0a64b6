import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { objectKey } from "./object-cache.js";
import type { Remote } from "./remote.js";

/** A remote that is a folder (`url = ../S3`, `url = /mnt/dvc`). */
export class LocalRemote implements Remote {
  readonly description: string;

  constructor(
    name: string,
    readonly root: string,
  ) {
    this.description = `local remote '${name}' (${root})`;
  }

  async has(md5: string): Promise<boolean> {
    try {
      return (await stat(join(this.root, objectKey(md5)))).isFile();
    } catch {
      return false;
    }
  }

  async get(md5: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.root, objectKey(md5)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async put(md5: string, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(join(this.root, objectKey(md5)), bytes);
  }
}
