import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { md5Hex } from "../../artifacts/content-hash.js";
import { writeJsonAtomic } from "../../artifacts/write-atomic.js";

/** Beside DVC's own temp files: ignored by git, so a model branch never commits it. */
export const FOLLOW_RECORD = ".dvc/tmp/stockops-follow.json";

/** Where the data.dvc in a checkout came from when `stockops data follow` wrote it. */
export interface FollowedFrom {
  branch: string;
  commit: string;
}

interface FollowRecord extends FollowedFrom {
  /** md5 of the data.dvc bytes written, so a data.dvc edited afterwards is not credited to the branch. */
  dvc_md5: string;
}

export async function writeFollowRecord(repoRoot: string, from: FollowedFrom, dvcBytes: Uint8Array): Promise<void> {
  const record: FollowRecord = { branch: from.branch, commit: from.commit, dvc_md5: md5Hex(dvcBytes) };
  await writeJsonAtomic(join(repoRoot, FOLLOW_RECORD), record);
}

/**
 * The branch and commit whose data.dvc `<repoRoot>/<dvcFile>` is, or null when it is the checkout's own
 * (no follow record, or the file changed since it was followed).
 */
export async function readFollowedFrom(repoRoot: string, dvcFile = "data.dvc"): Promise<FollowedFrom | null> {
  const [recordText, dvcBytes] = await Promise.all([readOptionalFile(join(repoRoot, FOLLOW_RECORD)), readOptionalFile(join(repoRoot, dvcFile))]);
  if (recordText === undefined || dvcBytes === undefined) return null;
  let record: Partial<FollowRecord>;
  try {
    record = JSON.parse(recordText.toString("utf8")) as Partial<FollowRecord>;
  } catch {
    return null;
  }
  if (typeof record.branch !== "string" || typeof record.commit !== "string" || record.dvc_md5 !== md5Hex(dvcBytes)) return null;
  return { branch: record.branch, commit: record.commit };
}

export async function readOptionalFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
