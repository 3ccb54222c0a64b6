import { md5Hex } from "../artifacts/content-hash.js";
import type { BranchRef } from "../config/branches-config.js";
import { branchName } from "../config/branches-config.js";
import type { ModelConfig } from "../config/model-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../config/read-model-config.js";
import type { PriceBar } from "../data/price-series.js";
import { DataError, IntegrityError } from "../errors.js";
import type { Model } from "../models/model.js";
import { lineageSchema, type Lineage } from "../pipeline/lineage.js";
import { parseChampion, versionTag } from "../publish/published-records.js";
import { artifactPaths } from "../pipeline/artifact-paths.js";

/** A branch's published champion, ready to predict from prices it is handed (and nothing else). */
export interface Champion {
  branch: string;
  symbol: string;
  version: string;
  /** Last target date the model was fitted on (lineage trained_through; last_price_date_seen in older lineage). */
  trainedThrough: string;
  /** Predicted log return from the last bar's close to the next close, from these bars only. */
  predict(bars: readonly PriceBar[]): Promise<number>;
}

/** A prediction with the row it was made from, for callers that show or record it (the serve API, its feed). */
export interface ExplainedPrediction {
  /** Date of the last bar: the close the prediction is made at. */
  date: string;
  /** Predicted log return over the model's horizon; NaN when the model cannot predict from these bars. */
  predicted: number;
  /** The feature values (before scaling) of that row, by name. */
  features: Record<string, number>;
}

/** A champion read from its tag, with what a server needs to describe it. */
export interface PublishedChampionModel extends Champion {
  tag: string;
  kind: string;
  /** Trading days the predicted log return spans. */
  horizon: number;
  lineage: Lineage;
  /** Like `predict`, with the feature row; undefined when the last bar has no feature row. */
  explain(bars: readonly PriceBar[]): Promise<ExplainedPrediction | undefined>;
}

export interface ChampionSource {
  /** The champion of one branch; IntegrityError / DataError when its files are missing or do not match lineage. */
  load(branch: BranchRef): Promise<Champion>;
}

/**
 * A file as committed at a branch or a tag (git objects, no checkout), or undefined when that commit has
 * no such file. `kind` says which namespace `ref` names: a branch named like a tag never stands in for it.
 */
export type BranchFileReader = (ref: string, path: string, kind?: "branch" | "tag") => Promise<Uint8Array | undefined>;

/** The pieces of the model pipeline a champion needs; passed in so trading does not load TensorFlow unless a model needs it. */
export interface ModelRuntime {
  loadModel(files: Map<string, Uint8Array>): Promise<Model>;
  /** The last `rows` standardized feature rows for the bars, in date order, with the date of each row. */
  scaledFeatures(
    bars: readonly PriceBar[],
    config: ModelConfig,
    scalerJson: unknown,
    file: string,
    rows: number,
  ): { dates: string[]; scaled: Float64Array[]; names: string[]; values: Float64Array[] };
}

/** Rows kept for a prediction: enough for any sequence window (≤ 250) without scaling decades of history each day. */
const PREDICTION_ROWS = 260;

/**
 * The champion named by `models/<SYMBOL>/champion.json` at the branch tip, with every other file read at
 * the champion's tag (a later, unpromoted version may sit at the tip). No champion.json means no version
 * has passed the promotion gate: the stock is not traded.
 */
export function branchChampionSource(read: BranchFileReader, runtime: ModelRuntime): { load(branch: BranchRef): Promise<PublishedChampionModel> } {
  return {
    async load(ref) {
      const branch = branchName(ref);
      const paths = artifactPaths(ref.symbol);
      const championPath = `${paths.modelDir}/champion.json`;
      const championBytes = await read(branch, championPath);
      if (!championBytes) {
        throw new IntegrityError("missing: no published version has passed the promotion gate yet, so there is no champion to trade", { file: `${branch}:${championPath}` });
      }
      const record = parseChampion(new TextDecoder().decode(championBytes), `${branch}:${championPath}`)!;
      const at = record.tag;
      const expected = versionTag(ref.team, ref.symbol, record.version);
      if (at !== expected) {
        throw new IntegrityError(`names tag ${at}, but a champion of ${branch} must be its own version tag ${expected}`, { file: `${branch}:${championPath}`, field: "tag" });
      }
      const atTag: BranchFileReader = (_ref, path) => read(at, path, "tag");
      const config = parseModelConfig(await readText(atTag, at, MODEL_CONFIG_FILE), `${at}:${MODEL_CONFIG_FILE}`);
      const lineage = parseLineage(await readText(atTag, at, paths.lineage), `${at}:${paths.lineage}`);
      const files = await verifiedModelFiles(atTag, at, paths.modelDir, lineage);
      const scalerJson = parseJson(await readText(atTag, at, paths.scaler), `${at}:${paths.scaler}`);
      const model = await runtime.loadModel(files);
      const explain = async (bars: readonly PriceBar[]): Promise<ExplainedPrediction | undefined> => {
        const { dates, scaled, names, values } = runtime.scaledFeatures(bars, config, scalerJson, `${at}:${paths.scaler}`, PREDICTION_ROWS);
        const last = dates.length - 1;
        if (last < 0 || dates[last] !== bars.at(-1)?.date) return undefined;
        const [predicted] = await model.predict(scaled, [last]);
        return { date: dates[last]!, predicted: predicted ?? Number.NaN, features: Object.fromEntries(names.map((name, i) => [name, values[last]![i]!])) };
      };
      return {
        branch,
        symbol: ref.symbol,
        version: `v${record.version}`,
        tag: at,
        kind: config.model.kind,
        horizon: config.features.horizon,
        lineage,
        trainedThrough: trainedThrough(lineage),
        explain,
        async predict(bars) {
          return (await explain(bars))?.predicted ?? Number.NaN;
        },
      };
    },
  };
}

/** The one place the date a champion's training reached is read from lineage (its meaning is the pipeline's to define). */
/** The last target date the published model saw; lineage written before production fits has only last_price_date_seen. */
export function trainedThrough(lineage: Lineage): string {
  return lineage.trained_through ?? lineage.last_price_date_seen;
}

/** Every file lineage.json lists must be present with the md5 it records; anything else is tampering or a broken publish. */
export async function verifiedModelFiles(read: BranchFileReader, at: string, modelDir: string, lineage: Lineage): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const names = Object.keys(lineage.model_files).sort();
  if (names.length === 0) throw new IntegrityError("lineage.json records no model files; retrain and publish the model", { file: `${at}:${modelDir}/lineage.json`, field: "model_files" });
  for (const name of names) {
    const path = `${modelDir}/${name}`;
    const bytes = await read(at, path);
    if (!bytes) throw new IntegrityError("model file is missing; lineage.json lists it", { file: `${at}:${path}` });
    const expected = lineage.model_files[name]!;
    const actual = md5Hex(bytes);
    if (actual !== expected) {
      throw new IntegrityError(`md5 ${actual} does not match ${expected} recorded in lineage.json; the file was changed after publishing`, { file: `${at}:${path}` });
    }
    files.set(name, bytes);
  }
  return files;
}

function parseLineage(text: string, file: string): Lineage {
  const parsed = lineageSchema.safeParse(parseJson(text, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError(`${issue.message}; expected the lineage.json the pipeline publishes`, { file, field: issue.path.join(".") });
  }
  return parsed.data;
}

async function readText(read: BranchFileReader, at: string, path: string): Promise<string> {
  const bytes = await read(at, path);
  if (!bytes) throw new IntegrityError("not found in the champion's commit; republish the model", { file: `${at}:${path}` });
  return new TextDecoder().decode(bytes);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(`not valid JSON (${(error as Error).message})`, { file });
  }
}
