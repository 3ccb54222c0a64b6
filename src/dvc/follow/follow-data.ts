import { join } from "node:path";
import { writeFileAtomic } from "../../artifacts/write-atomic.js";
import { MODEL_CONFIG_FILE, readModelConfig } from "../../config/read-model-config.js";
import { ConfigError, DataError, GitError } from "../../errors.js";
import type { GitRepo } from "../../gitops/git-repo.js";
import { parseDvcFile } from "../dvc-file.js";
import { DEFAULT_DVC_FILE } from "../tracked.js";
import { readOptionalFile, writeFollowRecord, type FollowedFrom } from "./follow-record.js";

export const DVC_CONFIG_FILE = ".dvc/config";

export type FollowOutcome =
  /** data.dvc (and .dvc/config, when `from` has one) now come from `from`; `previous` is what the checkout had. */
  | { action: "followed"; from: FollowedFrom; dataVersion: string; previous: string | undefined }
  /** `[data] pin = true`: the branch's own data.dvc stays. */
  | { action: "pinned"; dataVersion: string }
  /** `[data] source` is not dvc: there is no data.dvc to follow. */
  | { action: "not-dvc"; source: string };

/**
 * Before a model branch's pipeline pulls its data: a branch that follows `from` (default main) gets that
 * branch's data.dvc and .dvc/config, read from git objects at its remote tip; a pinned branch keeps its own.
 * A follow record lets the lineage say which commit's data.dvc the model was trained on.
 */
export async function followData(options: { repo: GitRepo; dir: string; from?: string }): Promise<FollowOutcome> {
  const { repo, dir } = options;
  const from = options.from ?? "main";
  const configFile = join(dir, MODEL_CONFIG_FILE);
  const config = await readModelConfig(configFile);
  if (config.data.source !== "dvc") return { action: "not-dvc", source: config.data.source };
  const ownDvc = await readOptionalFile(join(dir, DEFAULT_DVC_FILE));
  if (config.data.pin) {
    if (ownDvc === undefined) {
      throw new ConfigError(`is true but the branch has no ${DEFAULT_DVC_FILE}; commit one ('stockops data add data') or remove pin to follow ${from}'s`, {
        file: configFile,
        field: "data.pin",
      });
    }
    return { action: "pinned", dataVersion: outMd5(ownDvc, DEFAULT_DVC_FILE) };
  }
  const commit = await repo.fetchBranch(from);
  if (commit === undefined) throw new GitError(`branch '${from}' is not on the remote; a model branch that follows its data.dvc needs it`, { field: from });
  const dvcBytes = await repo.readFile(commit, DEFAULT_DVC_FILE);
  if (dvcBytes === undefined) {
    throw new DataError(
      `not found at ${commit.slice(0, 12)}: no dataset is tracked on ${from} yet; on ${from} run 'stockops data add data && stockops data push' and commit data.dvc (or set [data] pin = true and commit this branch's own)`,
      { file: `${from}:${DEFAULT_DVC_FILE}` },
    );
  }
  const dataVersion = outMd5(dvcBytes, `${from}:${DEFAULT_DVC_FILE}`);
  const dvcConfig = await repo.readFile(commit, DVC_CONFIG_FILE);
  if (dvcConfig !== undefined) await writeFileAtomic(join(dir, DVC_CONFIG_FILE), dvcConfig);
  await writeFileAtomic(join(dir, DEFAULT_DVC_FILE), dvcBytes);
  await writeFollowRecord(dir, { branch: from, commit }, dvcBytes);
  return { action: "followed", from: { branch: from, commit }, dataVersion, previous: previousMd5(ownDvc) };
}

function outMd5(bytes: Uint8Array, file: string): string {
  return parseDvcFile(new TextDecoder().decode(bytes), file).outs[0]!.md5;
}

/** A stale or broken data.dvc the branch once committed is replaced, not a reason to stop. */
function previousMd5(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  try {
    return outMd5(bytes, DEFAULT_DVC_FILE);
  } catch {
    return undefined;
  }
}
