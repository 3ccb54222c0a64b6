import { z } from "zod";
import type { MonitorConfig } from "../config/branches-config.js";
import type { FeaturesConfig } from "../config/model-config.js";
import type { PriceBar } from "../data/price-series.js";
import { DataError } from "../errors.js";
import { buildFeatureTable } from "../features/build-feature-table.js";
import { featureDrift, type FeatureDrift } from "./drift-statistics.js";

const histogram = z.strictObject({ edges: z.array(z.number()), fractions: z.array(z.number()) });

/** The part of models/<SYMBOL>/features.json the monitor reads. */
export const featuresReferenceSchema = z.object({
  names: z.array(z.string()),
  split: z.object({ train: z.object({ rows: z.number().int(), first: z.string().nullable(), last: z.string().nullable() }) }),
  reference: z.object({ histograms: z.record(z.string(), histogram) }),
});

export type FeaturesReference = z.output<typeof featuresReferenceSchema>;

export function parseFeaturesReference(text: string, file: string): FeaturesReference {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DataError("not valid JSON; expected the features.json the pipeline writes", { file });
  }
  const parsed = featuresReferenceSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError(`${issue.message}; expected features.json with reference.histograms (published before drift histograms existed? retrain the model)`, {
      file,
      field: issue.path.join("."),
    });
  }
  return parsed.data;
}

export interface DriftMeasurement {
  /** Feature rows compared: the last `window` rows of the table built from the current prices. */
  window: { rows: number; first: string; last: string };
  referenceRows: number;
  features: FeatureDrift[];
  drifted: string[];
}

/** Features of the current prices, built with the champion's feature config; the last `monitor.window` rows against the train histograms. */
export function measureDrift(bars: readonly PriceBar[], featuresConfig: FeaturesConfig, reference: FeaturesReference, monitor: MonitorConfig, file: string): DriftMeasurement {
  const table = buildFeatureTable(bars, featuresConfig);
  const rows = Math.min(monitor.window, table.dates.length);
  const start = table.dates.length - rows;
  const features = table.names.map((name, column) => {
    const histogramOf = reference.reference.histograms[name];
    if (!histogramOf) throw new DataError(`has no reference histogram for feature '${name}'; the champion was built with other features`, { file, field: `reference.histograms.${name}` });
    const recent = Float64Array.from({ length: rows }, (_, i) => table.values[start + i]![column]!);
    return featureDrift(name, histogramOf, reference.split.train.rows, recent, monitor);
  });
  return {
    window: { rows, first: table.dates[start]!, last: table.dates.at(-1)! },
    referenceRows: reference.split.train.rows,
    features,
    drifted: features.filter((feature) => feature.drifted).map((feature) => feature.feature),
  };
}
