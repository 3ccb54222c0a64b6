import { z } from "zod";
import { ConfigError, DataError } from "../errors.js";
import type { FeatureTable, RowRange, Scaler } from "./feature-table.js";
import { rowViews } from "./row-views.js";

/**
 * Mean and population standard deviation (as scikit-learn's StandardScaler) of each feature over the
 * given rows only, which must be the train rows: statistics from later rows would leak their future.
 * A constant feature gets std 1, so it scales to 0 instead of dividing by zero.
 */
export function fitScaler(table: FeatureTable, range: RowRange): Scaler {
  const rows = range.end - range.start;
  if (!Number.isInteger(range.start) || range.start < 0 || range.end > table.values.length || rows < 1) {
    throw new RangeError(`cannot fit a scaler on rows [${range.start}, ${range.end}) of a ${table.values.length}-row table`);
  }
  const width = table.names.length;
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (let f = 0; f < width; f++) {
    let sum = 0;
    for (let row = range.start; row < range.end; row++) sum += table.values[row]![f]!;
    const average = sum / rows;
    let squares = 0;
    for (let row = range.start; row < range.end; row++) {
      const deviation = table.values[row]![f]! - average;
      squares += deviation * deviation;
    }
    const deviation = Math.sqrt(squares / rows);
    mean[f] = average;
    std[f] = deviation > 1e-12 * Math.max(1, Math.abs(average)) ? deviation : 1;
  }
  return { names: [...table.names], mean, std };
}

/** (x − mean) / std for each row; new arrays, the input is left as it is. */
export function applyScaler(scaler: Scaler, values: readonly Float64Array[]): Float64Array[] {
  const width = scaler.names.length;
  const cells = new Float64Array(values.length * width);
  values.forEach((row, index) => {
    if (row.length !== width) {
      throw new DataError(`row ${index} has ${row.length} features, the scaler was fitted on ${width} (${scaler.names.join(", ")})`, {
        field: "features",
      });
    }
    const offset = index * width;
    for (let f = 0; f < width; f++) cells[offset + f] = (row[f]! - scaler.mean[f]!) / scaler.std[f]!;
  });
  return rowViews(cells, values.length, width);
}

/** Throws when a saved scaler does not describe the features a config produces now. */
export function checkScalerMatches(scaler: Scaler, names: readonly string[]): void {
  const same = scaler.names.length === names.length && scaler.names.every((name, index) => name === names[index]);
  if (!same) {
    throw new ConfigError(
      `the saved scaler was fitted on features [${scaler.names.join(", ")}] but the config now makes [${names.join(", ")}]; retrain the model`,
      { field: "features" },
    );
  }
}

const scalerSchema = z
  .strictObject({
    names: z.array(z.string().min(1)),
    mean: z.array(z.number()),
    std: z.array(z.number().positive()),
  })
  .refine((value) => value.mean.length === value.names.length && value.std.length === value.names.length, {
    message: "names, mean and std must have the same length",
  });

/** Reads a scaler back from its saved JSON (JSON.stringify of a Scaler is the saved form). */
export function scalerFromJson(json: unknown, file?: string): Scaler {
  const parsed = scalerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError(`not a scaler: ${issue.message}`, { file, field: issue.path.join(".") || undefined });
  }
  return parsed.data;
}
