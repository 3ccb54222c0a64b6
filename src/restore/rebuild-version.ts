import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../config/read-model-config.js";
import type { Remote } from "../dvc/remote.js";
import type { GitRepo } from "../gitops/git-repo.js";
import { silentLogger, type Logger } from "../logger/logger.js";
import { artifactPaths } from "../pipeline/artifact-paths.js";
import { lineageSchema, type Lineage } from "../pipeline/lineage.js";
import { IntegrityError } from "../errors.js";
import { writeFileAtomic } from "../artifacts/write-atomic.js";

export interface ModelFileCheck {
  file: string;
  recorded: string;
  rebuilt: string | undefined;
  same: boolean;
}

export interface RebuildResult {
  tag: string;
  commit: string;
  kind: string;
  backend: { recorded: string; rebuilt: string };
  models: ModelFileCheck[];
  /** Every model file's md5 equals the recorded one, on the recorded backend. */
  identical: boolean;
  /** Why hashes cannot be compared, or what else differs (code version, backend). */
  notes: string[];
}

/** Files of a published commit that the pipeline writes: left out, so the rebuild makes them afresh. */
function isPipelineOutput(path: string): boolean {
  return path.startsWith("models/") || path.startsWith("reports/") || path === "stockops.lock";
}

/**
 * Re-runs the pipeline of the version published at `commit` in a scratch folder: its config and data
 * pointer from that commit, its data pulled from `dataRemote` and verified, every stage forced. Then
 * compares each model file's md5 with lineage.json at the commit.
 */
export async function rebuildVersion(options: {
  repo: GitRepo;
  tag: string;
  commit: string;
  symbol: string;
  scratch: string;
  dataRemote: Remote | undefined;
  logger?: Logger;
}): Promise<RebuildResult> {
  const { repo, commit, symbol, scratch } = options;
  const logger = options.logger ?? silentLogger;
  const paths = artifactPaths(symbol);
  const recorded = lineageSchema.parse(JSON.parse(new TextDecoder().decode(await requireFile(repo, commit, paths.lineage, options.tag))));
  await rm(scratch, { recursive: true, force: true });
  for (const path of await repo.listFiles(commit)) {
    if (isPipelineOutput(path)) continue;
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    await writeFile(join(scratch, path), (await repo.readFile(commit, path))!);
  }
  if (recorded.data.data_dvc_from) await restoreFollowedDataDvc(repo, recorded.data.data_dvc_from, scratch, `${options.tag}:${paths.lineage}`);
  const config = parseModelConfig(new TextDecoder().decode(await requireFile(repo, commit, MODEL_CONFIG_FILE, options.tag)), `${options.tag}:${MODEL_CONFIG_FILE}`);
  if (config.data.source === "dvc") {
    if (!options.dataRemote) throw new IntegrityError("the model reads DVC data but no data remote is configured", { file: `${options.tag}:${MODEL_CONFIG_FILE}` });
    const { pullData } = await import("../dvc/transfer.js");
    await pullData(scratch, options.dataRemote);
  }
  const { runPipeline } = await import("../pipeline/run-pipeline.js");
  await runPipeline({ dir: scratch, until: "train", force: true, logger });
  const { readFile } = await import("node:fs/promises");
  const rebuilt: Lineage = lineageSchema.parse(JSON.parse(await readFile(join(scratch, paths.lineage), "utf8")));
  return compareLineage(options.tag, commit, recorded, rebuilt);
}

export function compareLineage(tag: string, commit: string, recorded: Lineage, rebuilt: Lineage): RebuildResult {
  const names = [...new Set([...Object.keys(recorded.model_files), ...Object.keys(rebuilt.model_files)])].sort();
  const models = names.map((file) => {
    const was = recorded.model_files[file] ?? "(not recorded)";
    const now = rebuilt.model_files[file];
    return { file, recorded: was, rebuilt: now, same: was === now };
  });
  const notes: string[] = [];
  if (recorded.backend !== rebuilt.backend) notes.push(`trained on backend '${recorded.backend}', rebuilt on '${rebuilt.backend}': floating-point results may differ`);
  if (recorded.data.content_hash !== rebuilt.data.content_hash) notes.push(`data md5 ${rebuilt.data.content_hash} differs from the recorded ${recorded.data.content_hash}`);
  if (recorded.config_hash !== rebuilt.config_hash) notes.push(`config hash ${rebuilt.config_hash} differs from the recorded ${recorded.config_hash}`);
  if (recorded.code_version.package !== rebuilt.code_version.package) notes.push(`trained by stockops ${recorded.code_version.package}, rebuilt by ${rebuilt.code_version.package}`);
  if (recorded.code_version.hash && recorded.code_version.hash !== rebuilt.code_version.hash) notes.push(`code hash ${rebuilt.code_version.hash ?? "(none)"} differs from the recorded ${recorded.code_version.hash}`);
  return {
    tag,
    commit,
    kind: recorded.model_kind,
    backend: { recorded: recorded.backend, rebuilt: rebuilt.backend },
    models,
    identical: models.every((model) => model.same) && recorded.backend === rebuilt.backend,
    notes,
  };
}

/** The version was trained on another branch's data.dvc (it followed main's): put that one in the scratch folder, as the pipeline did. */
async function restoreFollowedDataDvc(repo: GitRepo, from: { branch: string; commit: string }, scratch: string, lineageFile: string): Promise<void> {
  const [{ writeFollowRecord }, { DVC_CONFIG_FILE }] = await Promise.all([import("../dvc/follow/follow-record.js"), import("../dvc/follow/follow-data.js")]);
  const dvcBytes = await repo.readFile(from.commit, "data.dvc").catch(() => undefined);
  if (!dvcBytes) {
    throw new IntegrityError(`names ${from.branch}@${from.commit}:data.dvc as the data the model was trained on, which this clone lacks; fetch ${from.branch}'s full history`, {
      file: lineageFile,
    });
  }
  const dvcConfig = await repo.readFile(from.commit, DVC_CONFIG_FILE);
  if (dvcConfig) await writeFileAtomic(join(scratch, DVC_CONFIG_FILE), dvcConfig);
  await writeFileAtomic(join(scratch, "data.dvc"), dvcBytes);
  await writeFollowRecord(scratch, from, dvcBytes);
}

async function requireFile(repo: GitRepo, commit: string, path: string, tag: string): Promise<Uint8Array> {
  const bytes = await repo.readFile(commit, path);
  if (!bytes) throw new IntegrityError(`not found at ${tag}; the published version is incomplete`, { file: `${tag}:${path}` });
  return bytes;
}
