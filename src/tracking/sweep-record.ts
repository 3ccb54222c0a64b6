import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { UsageError } from "../errors.js";
import { bestOf, type SweepResult } from "./sweep.js";
import type { SweepTrial } from "./sweep-trial.js";

/** What a sweep writes (`--out`): a whole local sweep, one `--trial`, or the `--collect`ed matrix; one shape for all. */
export interface SweepRecord {
  /** The model branch swept, e.g. `red/AAPL`. */
  branch: string;
  /** The commit its files were read from (`--on`); absent for a checkout folder, whose files may be uncommitted. */
  commit?: string;
  /** Trials in the whole plan. */
  planned: number;
  trials: SweepTrial[];
  /** Index of the best trial (lowest validation MAE), or null when none succeeded. */
  best: number | null;
  /** Planned trials that sent no result. */
  missing?: number[];
}

const value = z.union([z.string(), z.number(), z.boolean()]);
const TrialSchema = z.object({
  index: z.number().int().nonnegative(),
  point: z.record(z.string(), value),
  status: z.enum(["ok", "invalid", "failed"]),
  error: z.string().optional(),
  config: z.string().optional(),
  metrics: z.object({ validation_mae: z.number(), test_mae: z.number(), skill_vs_naive: z.number(), test_hit_rate: z.number(), validation_span: z.string().optional() }).optional(),
  ms: z.number(),
});
const RecordSchema = z.object({
  branch: z.string().min(1),
  commit: z.string().optional(),
  planned: z.number().int().positive(),
  trials: z.array(TrialSchema),
  best: z.number().nullable(),
  missing: z.array(z.number()).optional(),
});

export function sweepRecord(source: { branch: string; commit?: string | undefined }, result: SweepResult, planned: number): SweepRecord {
  return {
    branch: source.branch,
    ...(source.commit ? { commit: source.commit } : {}),
    planned,
    trials: result.trials,
    best: result.best?.index ?? null,
    ...(result.missing?.length ? { missing: result.missing } : {}),
  };
}

export interface RecordFile {
  /** Named in errors. */
  file: string;
  text: string;
}

/** Every `*.json` under `dir` (any depth: download-artifact puts each artifact in its own folder unless merged). */
export async function readRecordFiles(dir: string): Promise<RecordFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read trial results from ${dir}: ${(error as Error).message}`, { field: "collect" });
  }
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith(".json")).map((entry) => join(entry.parentPath, entry.name));
  if (files.length === 0) throw new UsageError(`no trial results (*.json) under ${dir}; expected the files stockops sweep --trial wrote`, { field: "collect" });
  return Promise.all(files.sort().map(async (file) => ({ file, text: await readFile(file, "utf8") })));
}

/**
 * Pure: the trials of several records (one per matrix leg) as one sweep, best picked by the same rule as a
 * local sweep. The records must describe the same branch, commit and plan; a trial index seen twice is an error.
 */
export function mergeSweepRecords(files: readonly RecordFile[]): { branch: string; commit?: string; planned: number; result: SweepResult } {
  const records = files.map(parseRecord);
  const first = records[0]!;
  for (const { file, record } of records) {
    for (const key of ["branch", "commit", "planned"] as const) {
      if (record[key] !== first.record[key]) {
        throw new UsageError(`${key} is ${JSON.stringify(record[key])} but ${first.file} has ${JSON.stringify(first.record[key])}; collect the results of one sweep only`, { file, field: key });
      }
    }
  }
  const seen = new Map<number, string>();
  const trials: SweepTrial[] = [];
  for (const { file, record } of records) {
    for (const trial of record.trials) {
      const earlier = seen.get(trial.index);
      if (earlier) throw new UsageError(`trial ${trial.index} is also in ${earlier}; keep one result per trial`, { file, field: "trials" });
      seen.set(trial.index, file);
      trials.push(trial as SweepTrial);
    }
  }
  trials.sort((a, b) => a.index - b.index);
  const { branch, commit, planned } = first.record;
  const missing = Array.from({ length: planned }, (_, index) => index).filter((index) => !seen.has(index));
  return { branch, ...(commit ? { commit } : {}), planned, result: { trials, ...bestOf(trials), ...(missing.length ? { missing } : {}) } };
}

function parseRecord({ file, text }: RecordFile): { file: string; record: z.infer<typeof RecordSchema> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`not JSON (${(error as Error).message}); expected a result written by stockops sweep --trial`, { file });
  }
  const parsed = RecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${issue.message}; expected a result written by stockops sweep --trial`, { file, field: issue.path.join(".") || undefined });
  }
  return { file, record: parsed.data };
}
