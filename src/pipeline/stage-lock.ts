import { stat } from "node:fs/promises";
import { confinedPath } from "../files/confine-path.js";
import { join } from "node:path";
import { z } from "zod";
import { md5Hex } from "../artifacts/content-hash.js";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { ConfigError, StockopsError } from "../errors.js";
import { relativePathKey } from "../files/path-schema.js";
import { readBoundedFile, readBoundedText } from "../files/read-bounded.js";
import { parseStrictJson } from "../files/strict-json.js";

export const LOCK_FILE = "stockops.lock";
export const STAGES = ["features", "train", "evaluate", "report"] as const;
export type StageName = (typeof STAGES)[number];

const stageEntry = z.strictObject({
  inputs: z.record(z.string(), z.string()).describe("Input name → content hash."),
  outputs: z.record(relativePathKey, z.string()).describe("Output path (relative to the branch root) → md5 of its bytes."),
});

export const stageLockSchema = z
  .strictObject({
    schema: z.literal(1).describe("Lock format version."),
    stages: z.partialRecord(z.enum(STAGES), stageEntry).describe("What each stage last consumed and produced."),
  })
  .describe("stockops.lock: per-stage input and output hashes, so unchanged stages are skipped (like dvc.lock).");

export type StageLock = z.output<typeof stageLockSchema>;
export type StageEntry = z.output<typeof stageEntry>;

export async function readStageLock(dir: string): Promise<StageLock> {
  const path = join(dir, LOCK_FILE);
  let text: string;
  try {
    text = await readBoundedText(path, "json");
  } catch (error) {
    if (error instanceof StockopsError) throw error;
    return { schema: 1, stages: {} };
  }
  return parseStageLock(text, path);
}

/** Pure: stockops.lock text → lock; duplicate keys, bad JSON and output paths outside the branch are ConfigErrors. */
export function parseStageLock(text: string, file: string): StageLock {
  const raw = parseStrictJson(text, file, { hint: "delete it to rebuild every stage" });
  const parsed = stageLockSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`unexpected shape at ${issue?.path.map(String).join(".") || "the top"} (${issue?.message}); delete it to rebuild every stage`, { file });
  }
  return parsed.data;
}

export function renderStageLock(lock: StageLock): string {
  const stages = Object.fromEntries(STAGES.filter((stage) => lock.stages[stage]).map((stage) => [stage, lock.stages[stage]]));
  return `${JSON.stringify({ schema: 1, stages }, null, 2)}\n`;
}

export async function writeStageLock(dir: string, lock: StageLock): Promise<void> {
  await writeFileAtomic(join(dir, LOCK_FILE), renderStageLock(lock));
}

/** A stage is fresh when its inputs are unchanged and every output it recorded is still on disk, byte for byte. */
export async function isStageFresh(dir: string, entry: StageEntry | undefined, inputs: Record<string, string>): Promise<boolean> {
  if (!entry || !sameRecord(entry.inputs, inputs)) return false;
  for (const [path, hash] of Object.entries(entry.outputs)) {
    // Any problem with a recorded output (absent, a link, a FIFO, too large) only means the stage runs again.
    const bytes = await confinedPath(dir, path)
      .then((target) => readBoundedFile(target, "artifact"))
      .catch(() => undefined);
    if (!bytes || md5Hex(bytes) !== hash) return false;
  }
  return true;
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

export async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
