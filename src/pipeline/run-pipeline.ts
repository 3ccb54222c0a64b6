import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { md5Hex } from "../artifacts/content-hash.js";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { readModelConfig, MODEL_CONFIG_FILE } from "../config/read-model-config.js";
import { loadPriceSeries } from "../data/load-price-series.js";
import { confinedPath } from "../files/confine-path.js";
import { readBoundedText } from "../files/read-bounded.js";
import type { Logger } from "../logger/logger.js";
import type { EpochReport } from "../models/model.js";
import { PipelineContext } from "./pipeline-context.js";
import type { Stage } from "./stage.js";
import { readStageLock, isStageFresh, writeStageLock, LOCK_FILE, STAGES, type StageLock, type StageName } from "./stage-lock.js";
import { featuresStage } from "./stages/features-stage.js";
import { trainStage } from "./stages/train-stage.js";
import { evaluateStage } from "./stages/evaluate-stage.js";
import { reportStage } from "./stages/report-stage.js";

export const PIPELINE: readonly Stage[] = [featuresStage, trainStage, evaluateStage, reportStage];

export interface StageOutcome {
  stage: StageName;
  status: "ran" | "skipped";
  ms: number;
  written: string[];
}

export interface PipelineResult {
  dir: string;
  symbol: string;
  team: string;
  kind: string;
  stages: StageOutcome[];
  context: PipelineContext;
}

export interface PipelineOptions {
  dir: string;
  /** Last stage to run; earlier ones run or are skipped as needed. */
  until?: StageName;
  /** Run every stage even when its inputs are unchanged. */
  force?: boolean;
  logger: Logger;
  onEpoch?: (report: EpochReport) => void;
  /** Refuse a `[data] path` outside the branch folder (the actions set it: CI may be evaluating a fork's head). */
  confineData?: boolean;
}

/** Reads stockops.toml and the data (both validated before anything is written), then runs or skips each stage like `dvc repro`. */
export async function runPipeline({ dir, until = "report", force = false, logger, onEpoch, confineData = false }: PipelineOptions): Promise<PipelineResult> {
  const configPath = join(dir, MODEL_CONFIG_FILE);
  const config = await readModelConfig(configPath);
  const configText = await readBoundedText(configPath, "config");
  const series = await loadPriceSeries(config, dir, { confine: confineData });
  for (const warning of series.warnings) logger.warn(`${series.origin}: ${warning}`);
  const context = new PipelineContext(dir, config, configText, series, logger, onEpoch);

  let lock = await readStageLock(dir);
  const outcomes: StageOutcome[] = [];
  for (const stage of PIPELINE.slice(0, STAGES.indexOf(until) + 1)) {
    const started = performance.now();
    const inputs = stage.inputs(context, lock);
    if (!force && (await isStageFresh(dir, lock.stages[stage.name], inputs))) {
      outcomes.push({ stage: stage.name, status: "skipped", ms: performance.now() - started, written: [] });
      logger.info(`${stage.name}: skipped (inputs unchanged)`);
      continue;
    }
    logger.info(`${stage.name}: running`);
    const outputs = await stage.run(context);
    const written = await writeOutputs(dir, outputs, lock.stages[stage.name]?.outputs ?? {});
    lock = withStage(lock, stage.name, inputs, outputs);
    await writeStageLock(dir, lock);
    outcomes.push({ stage: stage.name, status: "ran", ms: performance.now() - started, written });
  }
  return { dir, symbol: config.symbol, team: config.team, kind: config.model.kind, stages: outcomes, context };
}

/**
 * Writes only files whose bytes changed, and removes outputs the stage no longer produces (e.g. after a change of
 * model kind). Every path is confined to the branch folder first: a committed `models/AAPL → /tmp` link or a lock
 * entry naming `../x` is refused rather than written or removed through.
 */
async function writeOutputs(dir: string, outputs: Map<string, Uint8Array>, previous: Record<string, string>): Promise<string[]> {
  const written: string[] = [];
  const origin = { file: join(dir, LOCK_FILE) };
  for (const [path, bytes] of outputs) {
    const target = await confinedPath(dir, path, origin);
    const existing = await readFile(target).catch(() => undefined);
    if (existing && md5Hex(existing) === md5Hex(bytes)) continue;
    await writeFileAtomic(target, bytes);
    written.push(path);
  }
  for (const path of Object.keys(previous)) if (!outputs.has(path)) await rm(await confinedPath(dir, path, origin), { force: true });
  return written;
}

function withStage(lock: StageLock, stage: StageName, inputs: Record<string, string>, outputs: Map<string, Uint8Array>): StageLock {
  const hashes = Object.fromEntries([...outputs].map(([path, bytes]) => [path, md5Hex(bytes)]));
  return { ...lock, stages: { ...lock.stages, [stage]: { inputs, outputs: hashes } } };
}
