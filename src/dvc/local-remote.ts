import { stat } from "node:fs/promises";
import { readBoundedFile } from "../files/read-bounded.js";
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
      // A shared folder is written by others: a FIFO or device planted there must not hang or flood the pull.
      return await readBoundedFile(join(this.root, objectKey(md5)), "artifact");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async put(md5: string, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(join(this.root, objectKey(md5)), bytes);
  }
}
