import type { PriceBar } from "../data/price-series.js";
import type { LedgerEntry } from "../trading/ledger.js";

export interface ScoredPrediction {
  date: string;
  predicted: number;
  realized: number;
}

export interface DecayMeasurement {
  model_version: string;
  /** Scored live predictions used (the last `decay_window` with a known outcome). */
  predictions: ScoredPrediction[];
  realized_mae: number | null;
  test_mae: number;
  /** realized MAE / test MAE; null when fewer than the minimum predictions were scored. */
  ratio: number | null;
  decayed: boolean;
}

/**
 * The champion's own live predictions for `branch` (entries whose model_version is `version`), each
 * scored against the log return from that day's close to the next bar's close.
 */
export function scoreLivePredictions(entries: readonly LedgerEntry[], branch: string, version: string, bars: readonly PriceBar[]): ScoredPrediction[] {
  const index = new Map(bars.map((bar, i) => [bar.date, i]));
  const scored: ScoredPrediction[] = [];
  for (const entry of entries) {
    const prediction = entry.predictions.find((p) => p.branch === branch && p.model_version === version);
    const at = index.get(entry.date);
    if (!prediction || at === undefined || at + 1 >= bars.length || !Number.isFinite(prediction.predicted_return)) continue;
    scored.push({ date: entry.date, predicted: prediction.predicted_return, realized: Math.log(bars[at + 1]!.close / bars[at]!.close) });
  }
  return scored;
}

export function measureDecay(
  scored: readonly ScoredPrediction[],
  version: string,
  testMae: number,
  limits: { decay_window: number; decay_min_predictions: number; decay_ratio: number },
): DecayMeasurement {
  const predictions = scored.slice(-limits.decay_window);
  const realizedMae = predictions.length === 0 ? null : predictions.reduce((sum, p) => sum + Math.abs(p.predicted - p.realized), 0) / predictions.length;
  const ratio = realizedMae !== null && predictions.length >= limits.decay_min_predictions && testMae > 0 ? realizedMae / testMae : null;
  return { model_version: version, predictions, realized_mae: realizedMae, test_mae: testMae, ratio, decayed: ratio !== null && ratio >= limits.decay_ratio };
}
