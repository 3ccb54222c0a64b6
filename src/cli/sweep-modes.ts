import { appendFile, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { MODEL_CONFIG_FILE, readModelConfig } from "../config/read-model-config.js";
import { ConfigError, UsageError } from "../errors.js";
import { sweepSummary } from "../tracking/experiment-branch.js";
import { describePoint, expandGrid } from "../tracking/sweep-grid.js";
import { parsePlanEntry, planSweep } from "../tracking/sweep-plan.js";
import { mergeSweepRecords, readRecordFiles, sweepRecord } from "../tracking/sweep-record.js";
import { pickBest, runSweep, type SweepResult } from "../tracking/sweep.js";
import { runTrial } from "../tracking/sweep-trial.js";
import type { CommandContext } from "./command.js";

export interface SweepCliOptions {
  sets: string[];
  /** Clone or bare repository for --on, and the clone to push from after --on or --collect. */
  repo: string;
  out: string;
  dir?: string;
  on?: string;
  summary?: string;
  experiment?: string;
  pr?: string;
}

/** The branch files a sweep runs on: a checkout folder as it is, or a snapshot of a branch read from git. */
interface SweepSource {
  dir: string;
  branch: string;
  commit?: string;
  /** Clone an experiment branch is pushed from. */
  pushFrom: () => Promise<string>;
  cleanup(): Promise<void>;
}

/** `--plan`: the grid as one line of JSON on stdout, for `strategy.matrix` through `fromJSON`. */
export async function planMode(options: SweepCliOptions, context: CommandContext): Promise<number> {
  if (options.on || options.dir) throw new UsageError("--plan only expands --set and reads no branch; drop --on / --dir", { field: "plan" });
  context.out(JSON.stringify(planSweep(options.sets)));
  return 0;
}

/** `--trial JSON`: one grid point, its result written to --out in the shape --collect merges. */
export async function trialMode(options: SweepCliOptions & { trial: string }, context: CommandContext): Promise<number> {
  const entry = parsePlanEntry(options.trial);
  const source = await openSource(options, context);
  try {
    const trial = await runTrial({ dir: source.dir, baseConfig: await readBaseConfig(source), index: entry.index, point: entry.point, count: entry.count, logger: context.logger });
    const out = resolve(context.cwd, options.out);
    await writeRecord(out, sweepRecord(source, { trials: [trial], best: pickBest([trial]) }, entry.count));
    context.out(`trial ${entry.index + 1}/${entry.count} ${entry.label}: ${trial.status}${trial.metrics ? `, validation MAE ${trial.metrics.validation_mae.toFixed(4)}` : `: ${trial.error}`}; recorded in ${out}`);
    return 0;
  } finally {
    await source.cleanup();
  }
}

/** The whole grid here, one trial after another. */
export async function gridMode(options: SweepCliOptions, context: CommandContext): Promise<number> {
  const points = expandGrid(options.sets);
  const source = await openSource(options, context);
  let result: SweepResult;
  try {
    result = await runSweep({ dir: source.dir, points, logger: context.logger });
  } finally {
    await source.cleanup();
  }
  return finish({ branch: source.branch, ...(source.commit ? { commit: source.commit } : {}), planned: points.length, result }, source.pushFrom, options, context);
}

/** `--collect DIR`: the matrix legs' results as one sweep. */
export async function collectMode(options: SweepCliOptions & { collect: string }, context: CommandContext): Promise<number> {
  if (options.dir) throw new UsageError("--collect takes the branch from the trial results; drop --dir", { field: "dir" });
  const merged = mergeSweepRecords(await readRecordFiles(resolve(context.cwd, options.collect)));
  if (options.on && options.on.replace(/^origin\//, "") !== merged.branch) {
    throw new UsageError(`--on ${options.on} but the results under ${options.collect} are for ${merged.branch}`, { field: "on" });
  }
  return finish(merged, () => cloneDir(options, context), options, context);
}

async function openSource(options: SweepCliOptions, context: CommandContext): Promise<SweepSource> {
  if (options.on) {
    const [{ resolveRunSource }, { snapshotBranch }] = await Promise.all([import("../tracking/run-source.js"), import("../tracking/sweep-branch-source.js")]);
    const snapshot = await snapshotBranch(await resolveRunSource(context.cwd, options.repo), options.on);
    context.logger.info(`sweep: ${snapshot.branch} at ${snapshot.commit.slice(0, 12)} (${snapshot.ref}), ${snapshot.files} files read from git`);
    return { dir: snapshot.dir, branch: snapshot.branch, commit: snapshot.commit, pushFrom: () => cloneDir(options, context), cleanup: snapshot.cleanup };
  }
  const dir = resolve(context.cwd, options.dir ?? ".");
  const config = await readModelConfig(join(dir, MODEL_CONFIG_FILE));
  return { dir, branch: `${config.team}/${config.symbol}`, pushFrom: async () => dir, cleanup: async () => {} };
}

async function readBaseConfig(source: SweepSource): Promise<string> {
  try {
    return await readFile(join(source.dir, MODEL_CONFIG_FILE), "utf8");
  } catch {
    throw new ConfigError(`${source.branch}${source.commit ? ` at ${source.commit.slice(0, 12)}` : ""} has no ${MODEL_CONFIG_FILE}: expected a model branch (stockops init writes one)`, { file: MODEL_CONFIG_FILE });
  }
}

async function cloneDir(options: SweepCliOptions, context: CommandContext): Promise<string> {
  const { resolveRunSource } = await import("../tracking/run-source.js");
  const source = await resolveRunSource(context.cwd, options.repo);
  if (!source.dir) throw new UsageError(`--experiment pushes from a clone; ${options.repo} is a bare repository (give --repo a clone)`, { field: "repo" });
  return source.dir;
}

async function writeRecord(out: string, record: unknown): Promise<void> {
  await writeFileAtomic(out, `${JSON.stringify(record, null, 2)}\n`);
}

interface FinishedSweep {
  branch: string;
  commit?: string;
  planned: number;
  result: SweepResult;
}

/** What a local sweep and --collect share: record, show, and open the experiment branch. */
async function finish(sweep: FinishedSweep, pushFrom: () => Promise<string>, options: SweepCliOptions, context: CommandContext): Promise<number> {
  const { result } = sweep;
  const out = resolve(context.cwd, options.out);
  await writeRecord(out, sweepRecord(sweep, result, sweep.planned));
  for (const trial of result.trials) {
    const numbers = trial.metrics ? `validation MAE ${trial.metrics.validation_mae.toFixed(4)}, test MAE ${trial.metrics.test_mae.toFixed(4)}` : trial.error;
    context.out(`${trial === result.best ? "*" : " "} ${describePoint(trial.point).padEnd(40)} ${trial.status.padEnd(8)} ${numbers}`);
  }
  if (result.missing?.length) context.logger.warn(`no result from trial${result.missing.length > 1 ? "s" : ""} ${result.missing.join(", ")} of ${sweep.planned}`);
  context.out(`${result.trials.length} trials recorded in ${out}${result.best ? `; best: ${describePoint(result.best.point)}` : result.refused ? `; ${result.refused}` : "; none succeeded"}`);
  if (options.summary) await appendFile(resolve(context.cwd, options.summary), `## Sweep of ${sweep.branch}${sweep.commit ? ` at ${sweep.commit.slice(0, 12)}` : ""}\n\n${sweepSummary(result)}\n`);
  if (!options.experiment) return result.best ? 0 : 1;
  const { proposeExperiment } = await import("./sweep-experiment.js");
  await proposeExperiment({ sweep, dir: await pushFrom(), experiment: options.experiment, ...(options.pr ? { pr: options.pr } : {}) }, context);
  return 0;
}
