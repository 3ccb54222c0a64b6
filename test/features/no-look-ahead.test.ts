import { describe, expect, it } from "vitest";
import { featuresSection } from "../../src/config/model-config.js";
import { buildFeatureTable, warmUpBars } from "../../src/features/build-feature-table.js";
import type { FeatureTable } from "../../src/features/feature-table.js";
import { splitChronological } from "../../src/features/split-chronological.js";
import { applyScaler, fitScaler } from "../../src/features/standard-scaler.js";
import { realPrices } from "../support/real-prices.js";
import { perturbAfter, readRealPrices } from "./price-fixtures.js";

// Acceptance 4 of issue 2: changing any price after day t changes no feature at or before t,
// no target that ends at or before t, and nothing the scaler learns from the train rows.

const bars = readRealPrices(realPrices.long);

/** The exact bytes of a float, so that -0 vs 0 or one ulp of difference counts as a change. */
function bits(value: number): string {
  return Buffer.from(Float64Array.of(value).buffer).toString("hex");
}

function rowBits(table: FeatureTable, row: number): string {
  return Buffer.from(table.values[row]!.buffer, table.values[row]!.byteOffset, table.values[row]!.byteLength).toString("hex");
}

describe(`no look-ahead on real prices (${realPrices.origin} ${realPrices.long}, ${bars[0]!.date} → ${bars.at(-1)!.date})`, () => {
  it("has 20 years of bars or more to test on", () => {
    expect(bars.length).toBeGreaterThan(5000);
    expect(bars[0]!.date).toBe("2000-01-03");
  });

  for (const horizon of [1, 5]) {
    const config = featuresSection.parse({ horizon });
    const first = warmUpBars(config);
    const original = buildFeatureTable(bars, config);
    // the first usable day, a few days later, spread over the years, and the very end
    const cuts = [first, first + 3, 1000, 2500, 3001, 4444, Math.min(5200, bars.length - 60), bars.length - 7, bars.length - 2];

    for (const [index, cut] of cuts.entries()) {
      it(`horizon ${horizon}: prices after ${bars[cut]!.date} change nothing dated on or before it`, () => {
        const cutDate = bars[cut]!.date;
        const changed = buildFeatureTable(perturbAfter(bars, cut, 1000 * horizon + index), config);
        expect(changed.names).toEqual(original.names);
        expect(changed.dates).toEqual(original.dates);

        const changedDays: string[] = [];
        let featureRowsChecked = 0;
        let targetsChecked = 0;
        for (let row = 0; row < original.dates.length && original.dates[row]! <= cutDate; row++) {
          const day = original.dates[row]!;
          if (rowBits(changed, row) !== rowBits(original, row)) changedDays.push(`features of ${day}`);
          if (bits(changed.close[row]!) !== bits(original.close[row]!)) changedDays.push(`close of ${day}`);
          featureRowsChecked += 1;
          const targetDate = original.targetDates[row]!;
          if (targetDate !== "" && targetDate <= cutDate) {
            const same = bits(changed.target[row]!) === bits(original.target[row]!) && changed.targetDates[row] === targetDate;
            if (!same) changedDays.push(`target of ${day}`);
            targetsChecked += 1;
          }
        }
        expect(changedDays).toEqual([]);
        expect(featureRowsChecked).toBe(cut - first + 1);
        expect(targetsChecked).toBe(Math.max(0, cut - first + 1 - horizon));

        // The perturbation is real: the next day's features and the cut day's own target did move.
        const cutRow = cut - first;
        if (cutRow + 1 < original.dates.length) expect(rowBits(changed, cutRow + 1)).not.toBe(rowBits(original, cutRow + 1));
        if (cut + horizon < bars.length) expect(bits(changed.target[cutRow]!)).not.toBe(bits(original.target[cutRow]!));
      });
    }

    it(`horizon ${horizon}: the scaler fitted on train rows ignores every price after the train span`, () => {
      const split = splitChronological(original, { train: 0.7, validation: 0.15 });
      const lastTrainBar = first + split.train.end - 1;
      const changed = buildFeatureTable(perturbAfter(bars, lastTrainBar, 77 + horizon), config);
      expect(splitChronological(changed, { train: 0.7, validation: 0.15 })).toEqual(split);

      const before = fitScaler(original, split.train);
      const after = fitScaler(changed, split.train);
      expect(after.mean.map(bits)).toEqual(before.mean.map(bits));
      expect(after.std.map(bits)).toEqual(before.std.map(bits));
      const scaledBefore = applyScaler(before, original.values.slice(split.train.start, split.train.end));
      const scaledAfter = applyScaler(after, changed.values.slice(split.train.start, split.train.end));
      expect(scaledAfter.map((row) => Array.from(row, bits))).toEqual(scaledBefore.map((row) => Array.from(row, bits)));

      // A scaler that also saw validation rows would have moved: the check above can fail.
      const leaky = fitScaler(changed, { start: 0, end: split.validation.end });
      expect(leaky.mean.map(bits)).not.toEqual(fitScaler(original, { start: 0, end: split.validation.end }).mean.map(bits));
    });
  }
});
