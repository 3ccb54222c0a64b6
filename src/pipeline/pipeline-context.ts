import { confinedPath } from "../files/confine-path.js";
import { readBoundedFile } from "../files/read-bounded.js";
import type { ModelConfig } from "../config/model-config.js";
import type { PriceSeries } from "../data/price-series.js";
import type { FeatureTable, Scaler, Split } from "../features/feature-table.js";
import type { Logger } from "../logger/logger.js";
import type { EpochReport, Model } from "../models/model.js";
import type { SeedChoice } from "../models/choose-seed.js";
import { buildFeatureTable } from "../features/build-feature-table.js";
import { splitChronological } from "../features/split-chronological.js";
import { applyScaler, fitScaler } from "../features/standard-scaler.js";
import { artifactPaths, type ArtifactPaths } from "./artifact-paths.js";

/**
 * Everything stages share, computed at most once per run and only when a stage that runs asks for it:
 * a skipped stage costs nothing, and a stage that runs after a skipped one rebuilds what it needs.
 */
export class PipelineContext {
  readonly paths: ArtifactPaths;
  private cache = new Map<string, unknown>();
  /** Set by the train stage when it runs, so later stages do not reload the model from disk. */
  trainedModel: Model | undefined;
  /** Set by the train stage when `[model] seeds` is given: every seed's train-span fit and the chosen seed. */
  seedChoice: SeedChoice | undefined;

  constructor(
    readonly dir: string,
    readonly config: ModelConfig,
    readonly configText: string,
    readonly series: PriceSeries,
    readonly logger: Logger,
    readonly onEpoch?: (report: EpochReport) => void,
  ) {
    this.paths = artifactPaths(config.symbol);
  }

  table(): FeatureTable {
    return this.memo("table", () => buildFeatureTable(this.series.bars, this.config.features));
  }

  split(): Split {
    return this.memo("split", () => splitChronological(this.table(), this.config.split));
  }

  scaler(): Scaler {
    return this.memo("scaler", () => fitScaler(this.table(), this.split().train));
  }

  scaled(): Float64Array[] {
    return this.memo("scaled", () => applyScaler(this.scaler(), this.table().values));
  }

  /** A file the branch committed (a model file named by lineage.json): confined to the branch, bounded, no link followed. */
  async readArtifact(relativePath: string): Promise<Uint8Array> {
    return new Uint8Array(await readBoundedFile(await confinedPath(this.dir, relativePath), "artifact"));
  }

  private memo<T>(key: string, compute: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, compute());
    return this.cache.get(key) as T;
  }
}
