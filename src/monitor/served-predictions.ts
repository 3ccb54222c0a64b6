import { readPredictionLog, type PredictionLogLine } from "../serve/prediction-log.js";
import type { LivePredictions } from "./decay.js";

/**
 * The serve prediction log as one prediction per branch, model version and trading day (the last served;
 * a date is asked for many times but predicted the same way), in date order, shaped like ledger entries.
 * Only one-day horizons are scored, as for the ledger: the decay measure compares with the next close.
 */
export function livePredictionsFromLog(lines: readonly PredictionLogLine[], branch: string): LivePredictions[] {
  const byDay = new Map<string, PredictionLogLine>();
  for (const line of lines) if (line.branch === branch && line.horizon === 1) byDay.set(`${line.date} ${line.model_version}`, line);
  const days = new Map<string, LivePredictions>();
  for (const line of [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    const day = days.get(line.date) ?? { date: line.date, predictions: [] };
    day.predictions = [...day.predictions, { branch: line.branch, model_version: line.model_version, predicted_return: line.predicted_log_return }];
    days.set(line.date, day);
  }
  return [...days.values()];
}

/** Reads the log folder once and answers per branch. */
export async function servedPredictions(dir: string): Promise<(branch: string) => Promise<LivePredictions[]>> {
  const lines = await readPredictionLog(dir);
  return async (branch) => livePredictionsFromLog(lines, branch);
}
