import type { PriceBar } from "../data/price-series.js";
import type { LedgerEntry, Prediction } from "../trading/ledger.js";

/** What scoring needs of a day's predictions: a trading ledger entry, or a day of the serve prediction log. */
export type LivePredictions = Pick<LedgerEntry, "date"> & { predictions: readonly Pick<Prediction, "branch" | "model_version" | "predicted_return">[] };

export interface ScoredPrediction {
  date: string;
  /** Close of the day the prediction was made. */
  close: number;
  predicted: number;
  /** Realized log return to the next close. */
  realized: number;
  /** |close · e^predicted − next close| / next close × 100: the evaluation's own error measure (MAPE, in percent). */
  ape: number;
  /** The same for the naive forecast (next close = this close) on the same day. */
  naive_ape: number;
}

export interface DecayMeasurement {
  model_version: string;
  /** Scored live predictions used (the last `decay_window` with a known outcome). */
  predictions: ScoredPrediction[];
  /** Mean absolute percentage error of the predicted next close, live. */
  realized_mape: number | null;
  /** The same measure on the champion's test span (metrics.json at its tag). */
  test_mape: number;
  /** Live MAPE of the naive forecast over the same days: how hard the market was. */
  naive_mape: number | null;
  /** The naive forecast's MAPE on the test span. */
  test_naive_mape: number;
  /**
   * (live MAPE / live naive MAPE) ÷ (test MAPE / test naive MAPE): how much worse than naive the model is
   * now than it was when tested. Null when fewer than the minimum predictions were scored.
   */
  ratio: number | null;
  decayed: boolean;
}

/**
 * The champion's own live predictions for `branch` (entries whose model_version is `version`), each
 * scored against the next bar's close. Percent errors, not price errors: the test span may be years
 * older than today's price level, and a stock that doubled would otherwise look twice as bad.
 */
export function scoreLivePredictions(entries: readonly LivePredictions[], branch: string, version: string, bars: readonly PriceBar[]): ScoredPrediction[] {
  const index = new Map(bars.map((bar, i) => [bar.date, i]));
  const scored: ScoredPrediction[] = [];
  for (const entry of entries) {
    const prediction = entry.predictions.find((p) => p.branch === branch && p.model_version === version);
    const at = index.get(entry.date);
    if (!prediction || at === undefined || at + 1 >= bars.length || !Number.isFinite(prediction.predicted_return)) continue;
    const close = bars[at]!.close;
    const next = bars[at + 1]!.close;
    const predictedClose = close * Math.exp(prediction.predicted_return);
    scored.push({
      date: entry.date,
      close,
      predicted: prediction.predicted_return,
      realized: Math.log(next / close),
      ape: (Math.abs(predictedClose - next) / next) * 100,
      naive_ape: (Math.abs(close - next) / next) * 100,
    });
  }
  return scored;
}

/**
 * The live error against the test error, each relative to the naive forecast on the same days: a raw
 * ratio would call every volatile month a decay (and every calm one a recovery), whatever the model.
 */
export function measureDecay(
  scored: readonly ScoredPrediction[],
  version: string,
  test: { mape: number; naive_mape: number },
  limits: { decay_window: number; decay_min_predictions: number; decay_ratio: number },
): DecayMeasurement {
  const predictions = scored.slice(-limits.decay_window);
  const mean = (pick: (p: ScoredPrediction) => number) => (predictions.length === 0 ? null : predictions.reduce((sum, p) => sum + pick(p), 0) / predictions.length);
  const realized = mean((p) => p.ape);
  const naive = mean((p) => p.naive_ape);
  const judged = realized !== null && naive !== null && naive > 0 && test.mape > 0 && test.naive_mape > 0 && predictions.length >= limits.decay_min_predictions;
  const ratio = judged ? realized / naive / (test.mape / test.naive_mape) : null;
  return {
    model_version: version,
    predictions,
    realized_mape: realized,
    test_mape: test.mape,
    naive_mape: naive,
    test_naive_mape: test.naive_mape,
    ratio,
    decayed: ratio !== null && ratio >= limits.decay_ratio,
  };
}
