// A base model branch and a PR head built by the real pipeline on the embedded AAPL prices
// (@observablehq/sample-datasets, 2013–2018): base = ridge with the defaults, head = ridge with a
// stronger penalty and fewer lags. The base's published files are committed to a real git repository.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as fs from "node:fs";
import { memoryLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { artifactPaths } from "../../src/pipeline/artifact-paths.js";
import { readTextAtRef, resolveCommit } from "../../src/gitops/read-file-at-ref.js";
import type { ReadBranchFile } from "../../src/report/pr-report/read-report-side.js";
import { createTempRepo, makeTempDir, writeTree } from "../support/temp-repo.js";

export const BASE_BRANCH = "red/AAPL";
export const HEAD_BRANCH = "exp/red/AAPL/alpha";

export const BASE_TOML = `symbol = "AAPL"\nteam = "red"\nseed = 42\n\n[data]\nsource = "package"\n\n[model]\nkind = "ridge"\nalpha = 1\n`;
export const HEAD_TOML = `symbol = "AAPL"\nteam = "red"\nseed = 42\n\n[data]\nsource = "package"\n\n[features]\nlags = [1, 2, 5]\nma_windows = [5, 20]\n\n[model]\nkind = "ridge"\nalpha = 25\n`;

/** Runs the pipeline in a fresh folder holding `toml`; returns the folder. */
export async function runBranch(toml: string): Promise<string> {
  const dir = await makeTempDir("stockops-pr-branch-");
  await writeTree(dir, { "stockops.toml": toml });
  await runPipeline({ dir, logger: memoryLogger() });
  return dir;
}

/** Reads a file of a working folder, undefined when absent. */
export function folderReader(dir: string): ReadBranchFile {
  return (filepath) => readFile(join(dir, filepath), "utf8").catch(() => undefined);
}

export interface BaseRepo {
  dir: string;
  commit: string;
  read: ReadBranchFile;
}

/** A repository whose `red/AAPL` branch holds the base's config and, when `publish`, its published artifacts. */
export async function baseRepo(baseRunDir: string, publish = true, extra: Record<string, string> = {}): Promise<BaseRepo> {
  const paths = artifactPaths("AAPL");
  const files: Record<string, string> = { "stockops.toml": await readFile(join(baseRunDir, "stockops.toml"), "utf8"), ...extra };
  if (publish) for (const path of [paths.metrics, paths.predictions, paths.lineage]) files[path] = await readFile(join(baseRunDir, path), "utf8");
  const dir = await createTempRepo(files, BASE_BRANCH);
  const location = { fs, dir };
  return {
    dir,
    commit: await resolveCommit(location, BASE_BRANCH),
    read: (filepath) => readTextAtRef({ ...location, ref: BASE_BRANCH, filepath }),
  };
}
