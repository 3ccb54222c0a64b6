import type { FeaturesConfig } from "../config/model-config.js";
import type { PriceBar } from "../data/price-series.js";
import { ConfigError, DataError } from "../errors.js";
import { WEEKDAY_FEATURES, dayOfWeek } from "./day-of-week.js";
import type { FeatureTable } from "./feature-table.js";
import { rowViews } from "./row-views.js";
import {
  lagged,
  logReturns,
  macd,
  movingAverageRatio,
  relativeStrengthIndex,
  rollingStd,
  rollingZScore,
} from "./indicators.js";

/** One feature over every bar, NaN where it is not defined yet. */
export interface FeatureColumn {
  name: string;
  values: Float64Array;
}

/**
 * Every feature the config asks for, over all bars, in table order:
 * - `ret_lag_k`: the 1-day log return into day t − k + 1 (`ret_lag_1` is the return from t − 1 to t);
 * - `ma_ratio_w`: close / SMA_w − 1;
 * - `rsi_p`: Wilder's RSI / 100, in [0, 1];
 * - `macd`, `macd_hist`: MACD line and histogram divided by close, so they compare across price levels;
 * - `vol_w`: sample std of 1-day log returns over w days;
 * - `volume_z_w`: z-score of ln(1 + volume) over w days (ln(1 + ·) keeps zero-volume days finite);
 * - `dow_mon` … `dow_fri`: one-hot day of the week.
 */
export function featureColumns(bars: readonly PriceBar[], config: FeaturesConfig): FeatureColumn[] {
  checkConfig(config);
  const close = pluck(bars, (bar) => bar.close);
  const returns = logReturns(close);
  const columns: FeatureColumn[] = [];
  for (const lag of config.lags) columns.push({ name: `ret_lag_${lag}`, values: lagged(returns, lag - 1) });
  for (const window of config.ma_windows) {
    columns.push({ name: `ma_ratio_${window}`, values: movingAverageRatio(close, window) });
  }
  const rsi = relativeStrengthIndex(close, config.rsi_period);
  for (let t = 0; t < rsi.length; t++) rsi[t] = rsi[t]! / 100;
  columns.push({ name: `rsi_${config.rsi_period}`, values: rsi });
  const { line, histogram } = macd(close, config.macd);
  columns.push({ name: "macd", values: divide(line, close) });
  columns.push({ name: "macd_hist", values: divide(histogram, close) });
  for (const window of config.volatility_windows) columns.push({ name: `vol_${window}`, values: rollingStd(returns, window) });
  const logVolume = pluck(bars, (bar) => Math.log1p(bar.volume));
  const volumeWindow = config.volume_zscore_window;
  columns.push({ name: `volume_z_${volumeWindow}`, values: rollingZScore(logVolume, volumeWindow) });
  if (config.day_of_week) columns.push(...weekdayColumns(bars));
  return columns;
}

export function featureNames(config: FeaturesConfig): string[] {
  return featureColumns([], config).map((column) => column.name);
}

/**
 * Index of the first bar on which every feature is defined: the longest look-back any indicator needs.
 * EMAs are seeded with a simple mean of their first span values, so MACD's signal needs slow − 1 bars
 * for the line and signal − 1 more for its own seed.
 */
export function warmUpBars(config: FeaturesConfig): number {
  const { slow, signal } = config.macd;
  return Math.max(
    ...config.lags,
    ...config.ma_windows.map((window) => window - 1),
    config.rsi_period,
    slow + signal - 2,
    ...config.volatility_windows,
    config.volume_zscore_window - 1,
  );
}

/**
 * Features of every decision day after the warm-up, with the target log return over `horizon` days.
 * The last `horizon` rows keep a NaN target: they are the days a live model predicts from.
 */
export function buildFeatureTable(bars: readonly PriceBar[], config: FeaturesConfig): FeatureTable {
  const columns = featureColumns(bars, config);
  const first = warmUpBars(config);
  if (bars.length <= first) {
    throw new DataError(
      `${bars.length} price rows are too few: the features need ${first} rows of history before the first usable day`,
      { field: "features" },
    );
  }
  const rowCount = bars.length - first;
  const width = columns.length;
  const cells = new Float64Array(rowCount * width);
  for (let f = 0; f < width; f++) {
    const column = columns[f]!;
    for (let row = 0; row < rowCount; row++) {
      const value = column.values[first + row]!;
      if (!Number.isFinite(value)) {
        throw new DataError(`feature ${column.name} is not finite (${value}) on ${bars[first + row]!.date}`, {
          field: "features",
        });
      }
      cells[row * width + f] = value;
    }
  }
  const values = rowViews(cells, rowCount, width);
  const used = bars.slice(first);
  const close = pluck(used, (bar) => bar.close);
  const { target, targetDates } = forwardReturns(used, close, config.horizon);
  return {
    names: columns.map((column) => column.name),
    dates: used.map((bar) => bar.date),
    close,
    values,
    target,
    targetDates,
    horizon: config.horizon,
  };
}

/** target[i] = ln(close[i + h] / close[i]); NaN and '' where day i + h is not in the data yet. */
function forwardReturns(bars: readonly PriceBar[], close: Float64Array, horizon: number) {
  const target = new Float64Array(close.length).fill(Number.NaN);
  const targetDates = new Array<string>(close.length).fill("");
  for (let i = 0; i + horizon < close.length; i++) {
    target[i] = Math.log(close[i + horizon]! / close[i]!);
    targetDates[i] = bars[i + horizon]!.date;
  }
  return { target, targetDates };
}

function weekdayColumns(bars: readonly PriceBar[]): FeatureColumn[] {
  const columns = WEEKDAY_FEATURES.map((name) => ({ name, values: new Float64Array(bars.length) }));
  bars.forEach((bar, t) => {
    const column = columns[dayOfWeek(bar.date) - 1];
    if (column) column.values[t] = 1;
  });
  return columns;
}

function checkConfig(config: FeaturesConfig): void {
  if (config.macd.fast >= config.macd.slow) {
    throw new ConfigError(
      `macd.fast (${config.macd.fast}) must be below macd.slow (${config.macd.slow})`,
      { field: "features.macd" },
    );
  }
  if (!Number.isInteger(config.horizon) || config.horizon < 1) {
    throw new ConfigError(`horizon must be a positive whole number of days, got ${config.horizon}`, {
      field: "features.horizon",
    });
  }
  for (const [key, list] of [["lags", config.lags], ["ma_windows", config.ma_windows], ["volatility_windows", config.volatility_windows]] as const) {
    const repeated = list.find((value, index) => list.indexOf(value) !== index);
    if (repeated !== undefined) {
      throw new ConfigError(`${key} lists ${repeated} twice; each value makes one feature`, { field: `features.${key}` });
    }
  }
}

function pluck(bars: readonly PriceBar[], field: (bar: PriceBar) => number): Float64Array {
  const out = new Float64Array(bars.length);
  for (let t = 0; t < bars.length; t++) out[t] = field(bars[t]!);
  return out;
}

function divide(values: Float64Array, by: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let t = 0; t < values.length; t++) out[t] = values[t]! / by[t]!;
  return out;
}
