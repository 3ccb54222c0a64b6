import { ConfigError } from "../errors.js";
import type { FeatureTable, RowRange, Split } from "./feature-table.js";

export interface SplitFractions {
  train: number;
  validation: number;
}

/** Fewer rows than this make a span's mean, std or R² meaningless. */
export const MIN_SPAN_ROWS = 2;

/** Rows, oldest first, whose target is known; the rows after them are waiting for their future close. */
export function countKnownTargets(table: FeatureTable): number {
  const firstUnknown = table.target.findIndex((value) => Number.isNaN(value));
  return firstUnknown < 0 ? table.target.length : firstUnknown;
}

/**
 * Train, validation and test spans, oldest first, over the rows whose target is known.
 *
 * Purge gap: row t's target is the return from close t to close t + horizon, so with horizon h > 1 the
 * last h − 1 train rows would be fitted on closes that lie inside the validation span, and a model
 * selected on validation would have seen part of its answers (likewise validation vs test). Dropping
 * those h − 1 rows makes the last train target end exactly at the close of the first validation day,
 * which is known on that day. With h = 1 nothing is dropped.
 */
export function splitChronological(
  table: FeatureTable,
  fractions: SplitFractions,
  minRows: number = MIN_SPAN_ROWS,
): Split {
  checkFractions(fractions);
  const known = countKnownTargets(table);
  const gap = table.horizon - 1;
  const trainEnd = Math.floor(known * fractions.train);
  const validationEnd = trainEnd + Math.floor(known * fractions.validation);
  const split: Split = {
    train: { start: 0, end: trainEnd - gap },
    validation: { start: trainEnd, end: validationEnd - gap },
    test: { start: validationEnd, end: known },
  };
  for (const name of ["train", "validation", "test"] as const) {
    const rows = Math.max(0, size(split[name]));
    if (rows < minRows) {
      const purge = gap > 0 ? `, after a purge gap of ${gap} rows for horizon ${table.horizon}` : "";
      throw new ConfigError(
        `train ${fractions.train} / validation ${fractions.validation} of the ${known} rows with a known target ` +
          `leaves the ${name} span ${rows} rows${purge}; each span needs at least ${minRows}: ` +
          `use a longer date range or change the fractions`,
        { field: "split" },
      );
    }
  }
  return split;
}

function size(range: RowRange): number {
  return range.end - range.start;
}

function checkFractions({ train, validation }: SplitFractions): void {
  const valid = train > 0 && validation > 0 && train + validation < 1;
  if (!valid) {
    throw new ConfigError(
      `expected train > 0, validation > 0 and train + validation < 1, got train ${train}, validation ${validation}`,
      { field: "split" },
    );
  }
}
