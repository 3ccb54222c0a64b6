import { z } from "zod";
import { DataError } from "../errors.js";

export const MONITOR_LOG_BRANCH = "trading";

export function monitorLogPath(team: string, symbol: string): string {
  return `monitoring/${team}/${symbol}.jsonl`;
}

const round = (value: number) => Number(value.toPrecision(6));

export const monitorRecordSchema = z
  .strictObject({
    as_of: z.string().describe("Last price date the run measured."),
    run_at: z.string().describe("When the monitor ran, ISO 8601 UTC."),
    branch: z.string(),
    champion: z.strictObject({ version: z.number().int(), tag: z.string(), kind: z.string() }).nullable(),
    error: z.string().optional().describe("Why the branch could not be measured."),
    drift: z
      .strictObject({
        window: z.strictObject({ rows: z.number().int(), first: z.string(), last: z.string() }),
        psi: z.record(z.string(), z.number()),
        ks: z.record(z.string(), z.number()),
        drifted: z.array(z.string()),
      })
      .nullable(),
    decay: z
      .strictObject({
        predictions: z.number().int(),
        realized_mape: z.number().nullable(),
        test_mape: z.number(),
        naive_mape: z.number().nullable(),
        test_naive_mape: z.number(),
        ratio: z.number().nullable().describe("(live MAPE / live naive MAPE) ÷ (test MAPE / test naive MAPE)."),
        decayed: z.boolean(),
      })
      .nullable()
      .describe("Live error of the champion vs its test error, both as MAPE of the next close in percent."),
    staleness: z
      .strictObject({ data_last_date: z.string(), new_days: z.number().int(), limit: z.number().int(), pinned_end: z.string().nullable().optional(), stale: z.boolean() })
      .nullable(),
    reasons: z.array(z.string()).describe("Why retraining is wanted; empty when nothing is over a threshold."),
    dispatched: z.boolean().describe("Whether pipeline.yml was dispatched for the branch by this run."),
    issue: z.number().int().nullable().describe("Number of the issue opened or updated, if any."),
  })
  .describe("One line of monitoring/<team>/<SYMBOL>.jsonl on the trading branch: one monitor run for one branch.");

export type MonitorRecord = z.output<typeof monitorRecordSchema>;

export function renderMonitorRecord(record: MonitorRecord): string {
  return `${JSON.stringify(monitorRecordSchema.parse(record))}\n`;
}

export function parseMonitorLog(text: string | undefined, file: string): MonitorRecord[] {
  if (!text) return [];
  return text
    .split("\n")
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, index }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new DataError("not valid JSON; expected one monitor record per line", { file, line: index + 1 });
      }
      const parsed = monitorRecordSchema.safeParse(raw);
      if (!parsed.success) throw new DataError(`${parsed.error.issues[0]!.message}; expected a monitor record`, { file, line: index + 1, field: parsed.error.issues[0]!.path.join(".") });
      return parsed.data;
    });
}

/** Numbers rounded to 6 significant digits so the log stays readable and diffs stay small. */
export function roundedRecord(record: MonitorRecord): MonitorRecord {
  const map = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, round(value)]));
  return {
    ...record,
    drift: record.drift ? { ...record.drift, psi: map(record.drift.psi), ks: map(record.drift.ks) } : null,
    decay: record.decay
      ? {
          ...record.decay,
          realized_mape: record.decay.realized_mape === null ? null : round(record.decay.realized_mape),
          test_mape: round(record.decay.test_mape),
          naive_mape: record.decay.naive_mape === null ? null : round(record.decay.naive_mape),
          test_naive_mape: round(record.decay.test_naive_mape),
          ratio: record.decay.ratio === null ? null : round(record.decay.ratio),
        }
      : null,
  };
}
