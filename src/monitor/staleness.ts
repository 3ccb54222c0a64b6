import type { PriceBar } from "../data/price-series.js";

export interface StalenessMeasurement {
  /** Last price date the champion was built from (lineage.json data.last_date). */
  data_last_date: string;
  latest_price_date: string;
  /** Trading days (price bars) after data_last_date: new prices the champion has never been trained or tested on. */
  new_days: number;
  limit: number;
  /** The branch's `[data] end`: it chose not to see later prices, so retraining would change nothing. */
  pinned_end: string | null;
  stale: boolean;
}

export function measureStaleness(bars: readonly PriceBar[], dataLastDate: string, limit: number, pinnedEnd?: string): StalenessMeasurement {
  const newDays = bars.filter((bar) => bar.date > dataLastDate).length;
  return {
    data_last_date: dataLastDate,
    latest_price_date: bars.at(-1)?.date ?? dataLastDate,
    new_days: newDays,
    limit,
    pinned_end: pinnedEnd ?? null,
    stale: newDays > limit && pinnedEnd === undefined,
  };
}
