import type { MetricsFile } from "../evaluate/metrics-file.js";
import { parsePredictions, type PredictionRow } from "../evaluate/predictions-file.js";
import { comparePaired } from "../significance/paired-forecasts.js";
import type { GateCandidate, PairedTest } from "./promotion-gate.js";

const isKnown = (value: number) => Number.isFinite(value);

/**
 * The candidate against the champion on the days both predicted (by date), scored against the
 * candidate's realized closes; undefined with fewer than two such days.
 */
export function compareWithChampion(candidate: readonly PredictionRow[], champion: readonly PredictionRow[], horizon: number): PairedTest | undefined {
  const championByDate = new Map(champion.filter((row) => isKnown(row.predModel)).map((row) => [row.date, row.predModel]));
  const days = candidate.filter((row) => isKnown(row.actualClose) && isKnown(row.predModel) && championByDate.has(row.date));
  if (days.length < 2) return undefined;
  const { absolute } = comparePaired(
    {
      close: days.map((row) => row.close),
      actualClose: days.map((row) => row.actualClose),
      predictedA: days.map((row) => row.predModel),
      predictedB: days.map((row) => championByDate.get(row.date)!),
    },
    horizon,
  );
  return { n: absolute.n, mean_difference: absolute.mean_difference, p_value: absolute.p_value };
}

/** What the gate needs from a candidate's metrics.json and predictions.csv, and the champion's predictions when at hand. */
export function gateCandidate(metrics: MetricsFile, predictionsText: string | undefined, championPredictionsText: string | undefined): GateCandidate {
  const vs = metrics.significance?.vs_naive.absolute;
  return {
    kind: metrics.model.kind,
    skillVsNaive: metrics.skill_vs_naive,
    testMae: metrics.test.mae,
    vsNaive: vs && { n: vs.n, mean_difference: vs.mean_difference, p_value: vs.p_value },
    vsChampion: predictionsText && championPredictionsText ? compareWithChampion(readRows(predictionsText), readRows(championPredictionsText), metrics.horizon) : undefined,
  };
}

/** An unreadable champion file means "not at hand" (the gate then compares on skill), never a failed publish. */
function readRows(text: string): PredictionRow[] {
  try {
    return parsePredictions(text);
  } catch {
    return [];
  }
}
