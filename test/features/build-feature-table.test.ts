import { describe, expect, it } from "vitest";
import { featuresSection, type FeaturesConfig } from "../../src/config/model-config.js";
import { ConfigError, DataError } from "../../src/errors.js";
import { buildFeatureTable, featureColumns, featureNames, warmUpBars } from "../../src/features/build-feature-table.js";
import { dayOfWeek } from "../../src/features/day-of-week.js";
import { seededRandom, syntheticBars } from "./price-fixtures.js";

const defaults = featuresSection.parse({});
const small: FeaturesConfig = featuresSection.parse({
  lags: [1, 2, 3],
  ma_windows: [3, 5],
  rsi_period: 4,
  macd: { fast: 3, slow: 5, signal: 3 },
  volatility_windows: [4],
  volume_zscore_window: 5,
});

function randomWalk(length: number, seed: number): number[] {
  const random = seededRandom(seed);
  const closes = [100];
  while (closes.length < length) closes.push(closes.at(-1)! * Math.exp((random() - 0.5) * 0.04));
  return closes;
}

function column(table: ReturnType<typeof buildFeatureTable>, name: string): number[] {
  const index = table.names.indexOf(name);
  expect(index, `feature ${name}`).toBeGreaterThanOrEqual(0);
  return table.values.map((row) => row[index]!);
}

describe("feature names", () => {
  it("default config: lags, MA ratios, RSI, MACD, volatility, volume z-score, weekdays", () => {
    expect(featureNames(defaults)).toEqual([
      "ret_lag_1",
      "ret_lag_2",
      "ret_lag_3",
      "ret_lag_5",
      "ret_lag_10",
      "ma_ratio_5",
      "ma_ratio_10",
      "ma_ratio_20",
      "ma_ratio_50",
      "rsi_14",
      "macd",
      "macd_hist",
      "vol_10",
      "vol_20",
      "volume_z_20",
      "dow_mon",
      "dow_tue",
      "dow_wed",
      "dow_thu",
      "dow_fri",
    ]);
  });

  it("day_of_week = false leaves the weekday columns out", () => {
    expect(featureNames({ ...small, day_of_week: false })).toEqual([
      "ret_lag_1",
      "ret_lag_2",
      "ret_lag_3",
      "ma_ratio_3",
      "ma_ratio_5",
      "rsi_4",
      "macd",
      "macd_hist",
      "vol_4",
      "volume_z_5",
    ]);
  });
});

describe("buildFeatureTable", () => {
  const closes = randomWalk(60, 7);
  const bars = syntheticBars(closes);

  it("drops exactly the warm-up bars: the first kept row is the first with every feature defined", () => {
    // default: MA 50 needs 49 bars before; MACD 26/9 needs 25 + 8 = 33; lag 10 needs 10
    expect(warmUpBars(defaults)).toBe(49);
    expect(warmUpBars(small)).toBe(6); // MACD: slow 5 − 1 + signal 3 − 1
    const columns = featureColumns(bars, small);
    const first = warmUpBars(small);
    expect(columns.some((c) => Number.isNaN(c.values[first - 1]!))).toBe(true);
    expect(columns.every((c) => Number.isFinite(c.values[first]!))).toBe(true);

    const table = buildFeatureTable(bars, small);
    expect(table.dates[0]).toBe(bars[first]!.date);
    expect(table.values).toHaveLength(60 - first);
    expect(table.dates).toHaveLength(60 - first);
    expect(table.close).toHaveLength(60 - first);
    expect(table.target).toHaveLength(60 - first);
    expect(table.targetDates).toHaveLength(60 - first);
    for (const row of table.values) expect(row).toHaveLength(table.names.length);
  });

  it("features at row i are the indicators on day dates[i], from closes written out here", () => {
    const table = buildFeatureTable(bars, small);
    const first = warmUpBars(small);
    for (const i of [0, 10, table.dates.length - 1]) {
      const t = first + i;
      expect(table.close[i]).toBe(closes[t]);
      expect(column(table, "ret_lag_1")[i]).toBeCloseTo(Math.log(closes[t]! / closes[t - 1]!), 14);
      expect(column(table, "ret_lag_3")[i]).toBeCloseTo(Math.log(closes[t - 2]! / closes[t - 3]!), 14);
      const ma5 = (closes[t]! + closes[t - 1]! + closes[t - 2]! + closes[t - 3]! + closes[t - 4]!) / 5;
      expect(column(table, "ma_ratio_5")[i]).toBeCloseTo(closes[t]! / ma5 - 1, 12);
    }
    for (const value of column(table, "rsi_4")) expect(value >= 0 && value <= 1).toBe(true);
  });

  it("one-hot day of week matches each row's date", () => {
    const table = buildFeatureTable(bars, small);
    const weekdays = ["dow_mon", "dow_tue", "dow_wed", "dow_thu", "dow_fri"].map((name) => column(table, name));
    table.dates.forEach((date, i) => {
      const expected = [0, 0, 0, 0, 0];
      expected[dayOfWeek(date) - 1] = 1;
      expect(weekdays.map((values) => values[i])).toEqual(expected);
    });
    expect(table.dates[0]).toBe("2021-01-12"); // bars start Monday 2021-01-04; 6 warm-up bars
    expect(column(table, "dow_tue")[0]).toBe(1);
  });

  it("horizon 1: target = ln(close[t+1] / close[t]); the last row keeps NaN and ''", () => {
    const table = buildFeatureTable(bars, small);
    const n = table.dates.length;
    expect(table.horizon).toBe(1);
    expect(table.target[0]).toBeCloseTo(Math.log(table.close[1]! / table.close[0]!), 14);
    expect(table.targetDates[0]).toBe(table.dates[1]);
    expect(table.target[n - 1]).toBeNaN();
    expect(table.targetDates[n - 1]).toBe("");
    expect(Number.isFinite(table.target[n - 2]!)).toBe(true);
  });

  it("horizon 5: targets reach five rows ahead; the last five rows are kept with unknown targets", () => {
    const table = buildFeatureTable(bars, { ...small, horizon: 5 });
    const n = table.dates.length;
    expect(table.horizon).toBe(5);
    for (let i = 0; i < n - 5; i++) {
      expect(table.target[i]).toBeCloseTo(Math.log(table.close[i + 5]! / table.close[i]!), 14);
      expect(table.targetDates[i]).toBe(table.dates[i + 5]);
    }
    for (let i = n - 5; i < n; i++) {
      expect(table.target[i]).toBeNaN();
      expect(table.targetDates[i]).toBe("");
    }
    expect(table.dates.at(-1)).toBe(bars.at(-1)!.date);
  });

  it("uses close, not adjusted close", () => {
    const adjusted = bars.map((bar) => ({ ...bar, adjClose: bar.close / 2 }));
    expect(buildFeatureTable(adjusted, small).values).toEqual(buildFeatureTable(bars, small).values);
  });

  it("zero-volume days stay finite (ln(1 + volume)); constant volume scores 0", () => {
    const volumes = closes.map((_, t) => (t % 7 === 3 ? 0 : 2_000_000 + t * 1000));
    const table = buildFeatureTable(syntheticBars(closes, volumes), small);
    for (const value of column(table, "volume_z_5")) expect(Number.isFinite(value)).toBe(true);
    const flat = buildFeatureTable(syntheticBars(closes, closes.map(() => 0)), small);
    for (const value of column(flat, "volume_z_5")) expect(value).toBe(0);
  });

  it("too few bars is a DataError that says how many are needed", () => {
    expect(() => buildFeatureTable(bars.slice(0, 6), small)).toThrow(DataError);
    expect(() => buildFeatureTable(bars.slice(0, 6), small)).toThrow(/6 price rows are too few: the features need 6 rows/);
    expect(buildFeatureTable(bars.slice(0, 7), small).dates).toHaveLength(1);
  });

  it("a non-positive close is a DataError naming the day", () => {
    const broken = bars.map((bar, t) => (t === 30 ? { ...bar, close: 0 } : bar));
    expect(() => buildFeatureTable(broken, small)).toThrow(new RegExp(`not finite .* on ${bars[30]!.date}`));
  });

  it("contradictory or repeated settings are ConfigErrors naming the field", () => {
    expect(() => buildFeatureTable(bars, { ...small, macd: { fast: 5, slow: 5, signal: 3 } })).toThrow(ConfigError);
    expect(() => buildFeatureTable(bars, { ...small, lags: [1, 2, 1] })).toThrow(/field 'features.lags': lags lists 1 twice/);
  });
});
