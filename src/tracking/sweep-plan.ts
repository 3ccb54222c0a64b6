import { z } from "zod";
import { UsageError } from "../errors.js";
import { describePoint, expandGrid, type SweepPoint } from "./sweep-grid.js";

/** GitHub runs at most 256 jobs from one matrix. */
export const MAX_MATRIX_TRIALS = 256;

/** One trial of a planned sweep: what `--plan` prints per grid point and `--trial` takes back. */
export interface SweepPlanEntry {
  index: number;
  /** Trials in the whole plan, so a collector can tell which ones never reported. */
  count: number;
  /** `model.alpha=0.1 split.train=0.6`, for job names and logs. */
  label: string;
  point: SweepPoint;
}

const PlanEntrySchema = z.object({
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  label: z.string().optional(),
  point: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

/** Pure: the grid of `--set` options as plan entries, refused when GitHub could not run it as one matrix. */
export function planSweep(sets: readonly string[]): SweepPlanEntry[] {
  const points = expandGrid(sets);
  if (points.length > MAX_MATRIX_TRIALS) {
    throw new UsageError(`the grid has ${points.length} trials; a GitHub matrix runs at most ${MAX_MATRIX_TRIALS}: drop values or split the sweep`, { field: "set" });
  }
  return points.map((point, index) => ({ index, count: points.length, label: describePoint(point), point }));
}

/** `--trial` JSON (one entry of `--plan`'s output) → the entry, or a UsageError saying what was expected. */
export function parsePlanEntry(text: string): SweepPlanEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--trial expects one entry of --plan's JSON, e.g. {"index":0,"count":3,"point":{"model.alpha":0.1}}; ${(error as Error).message}`, { field: "trial" });
  }
  const parsed = PlanEntrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--trial ${issue.path.join(".") || "value"}: ${issue.message}; expected {"index":N,"count":N,"point":{"KEY":VALUE}} as --plan prints`, { field: "trial" });
  }
  const { index, count, point } = parsed.data;
  if (index >= count) throw new UsageError(`--trial index ${index} is not below count ${count}`, { field: "trial" });
  return { index, count, label: parsed.data.label ?? describePoint(point), point };
}
