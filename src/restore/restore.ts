import { access } from "node:fs/promises";
import { join } from "node:path";
import { branchName, type BranchRef } from "../config/branches-config.js";
import { BRANCHES_FILE, readBranchesConfig } from "../config/read-branches-config.js";
import type { Remote } from "../dvc/remote.js";
import type { GitRepo } from "../gitops/git-repo.js";
import { openGitRepo } from "../gitops/isomorphic-git-repo.js";
import type { Logger } from "../logger/logger.js";
import { parseChampion, publishedPaths } from "../publish/published-records.js";
import { rebuildVersion, type RebuildResult } from "./rebuild-version.js";
import { replayLedgers, type LedgerReplay } from "./replay-ledgers.js";

export interface RestoreOptions {
  /** A fresh clone of main: branches.json, data.dvc and .dvc/config. */
  dir: string;
  remote?: string;
  token?: string;
  env: NodeJS.ProcessEnv;
  /** Scratch folder for the rebuilds. */
  scratch: string;
  /** Prices for the ledger replay from `<SYMBOL>.csv` here, instead of each branch's [data]. */
  pricesDir?: string;
  /** Recreate missing model branches on the remote (default true); false only reports. */
  push?: boolean;
  logger: Logger;
}

export interface BranchRestore {
  branch: string;
  team: string;
  symbol: string;
  state: "present" | "recreated" | "missing" | "no-record";
  /** Highest published version (its tag's commit is the branch's published state). */
  latest?: { version: number; tag: string; commit: string };
  champion?: { version: number; tag: string };
  rebuilds: RebuildResult[];
  error?: string;
}

export interface RestoreReport {
  data: { dvcFile: string; pulled: number; filesHashed: number } | undefined;
  branches: BranchRestore[];
  ledgers: LedgerReplay[];
  /** Every rebuild identical, every ledger replayed identically, nothing failed. */
  ok: boolean;
}

/**
 * Disaster recovery from a fresh clone and the data remote alone: pull and verify the data, rebuild every
 * branch's published versions (latest and champion) at their recorded lineage and compare model md5s,
 * recreate missing branches at their latest version's commit, then replay every team's ledger.
 */
export async function restore(options: RestoreOptions): Promise<RestoreReport> {
  const { dir, logger } = options;
  const repo = openGitRepo({ dir, env: options.env, ...(options.remote ? { remote: options.remote } : {}), ...(options.token ? { token: options.token } : {}) });
  await repo.fetchEverything();
  const dataRemote = await openDataRemote(dir, options.env);
  const data = dataRemote ? await restoreData(dir, dataRemote, logger) : undefined;
  const branches = await readBranchesConfig(join(dir, BRANCHES_FILE));
  const heads = await repo.listRemoteRefs("refs/heads/");
  const tags = await repo.listRemoteRefs("refs/tags/models/");
  const results: BranchRestore[] = [];
  for (const ref of branches.branches) {
    const result = await restoreBranch(ref, { repo, heads, tags, dataRemote, options });
    logger.info(`${result.branch}: ${result.state}${result.latest ? ` at v${result.latest.version}` : ""}; ${result.rebuilds.map((r) => `${r.tag} ${r.identical ? "identical" : "DIFFERENT"}`).join(", ") || result.error || "nothing rebuilt"}`);
    results.push(result);
  }
  const commits = new Map(results.flatMap((r) => (r.latest && r.state !== "missing" ? [[r.branch, r.state === "present" ? heads[`refs/heads/${r.branch}`]! : r.latest.commit] as const] : [])));
  const ledgers = await replayLedgers({ repo, dir, branches, commits, ...(options.pricesDir ? { pricesDir: options.pricesDir } : {}), logger });
  const ok = results.every((r) => !r.error && r.state !== "missing" && r.rebuilds.every((rebuild) => rebuild.identical)) && ledgers.every((ledger) => ledger.identical);
  return { data, branches: results, ledgers, ok };
}

async function openDataRemote(dir: string, env: NodeJS.ProcessEnv): Promise<Remote | undefined> {
  const hasDvc = await access(join(dir, "data.dvc")).then(() => true, () => false);
  if (!hasDvc) return undefined;
  const { readDvcConfig, resolveRemote } = await import("../dvc/dvc-config.js");
  const { openRemote } = await import("../dvc/remote.js");
  return openRemote(resolveRemote(await readDvcConfig(dir), dir), env);
}

async function restoreData(dir: string, remote: Remote, logger: Logger): Promise<RestoreReport["data"]> {
  const { pullData } = await import("../dvc/transfer.js");
  const { verifyData } = await import("../dvc/verify.js");
  const pulled = await pullData(dir, remote, { force: true });
  const verified = await verifyData(dir);
  logger.info(`data: ${pulled.transferred.length} object(s) pulled from ${remote.description}; ${verified.filesHashed} file(s) verified against data.dvc`);
  return { dvcFile: "data.dvc", pulled: pulled.transferred.length, filesHashed: verified.filesHashed };
}

interface BranchContext {
  repo: GitRepo;
  heads: Record<string, string>;
  tags: Record<string, string>;
  dataRemote: Remote | undefined;
  options: RestoreOptions;
}

async function restoreBranch(ref: BranchRef, { repo, heads, tags, dataRemote, options }: BranchContext): Promise<BranchRestore> {
  const branch = branchName(ref);
  const base: BranchRestore = { branch, team: ref.team, symbol: ref.symbol, state: heads[`refs/heads/${branch}`] ? "present" : "missing", rebuilds: [] };
  const versions = publishedVersions(tags, ref);
  const latest = versions.at(-1);
  // Never published: nothing to rebuild. Present is fine; missing cannot be restored from any record.
  if (!latest) return base.state === "present" ? base : { ...base, state: "no-record", error: "missing, and no version tag records it; recreate it with 'stockops branches sync'" };
  try {
    const championText = await repo.readFile(latest.commit, publishedPaths(ref.symbol).champion);
    const champion = parseChampion(championText && new TextDecoder().decode(championText), `${latest.tag}:${publishedPaths(ref.symbol).champion}`);
    const toRebuild = [latest, ...(champion && champion.version !== latest.version ? versions.filter((v) => v.version === champion.version) : [])];
    const rebuilds: RebuildResult[] = [];
    for (const version of toRebuild) {
      rebuilds.push(await rebuildVersion({ repo, tag: version.tag, commit: version.commit, symbol: ref.symbol, scratch: join(options.scratch, ref.team, ref.symbol, `v${version.version}`), dataRemote, logger: options.logger }));
    }
    let state = base.state;
    if (state === "missing" && options.push !== false) {
      await repo.push(branch, "branch", latest.commit);
      state = "recreated";
    }
    return { ...base, state, latest, ...(champion ? { champion: { version: champion.version, tag: champion.tag } } : {}), rebuilds };
  } catch (error) {
    return { ...base, latest, error: (error as Error).message };
  }
}

/** Version tags of one branch on the remote, ascending, each with the commit it names. */
export function publishedVersions(tags: Record<string, string>, ref: BranchRef): { version: number; tag: string; commit: string }[] {
  const prefix = `refs/tags/models/${ref.team}/${ref.symbol}/v`;
  const found = new Map<number, { version: number; tag: string; commit: string }>();
  for (const [name, commit] of Object.entries(tags)) {
    if (!name.startsWith(prefix)) continue;
    const peeled = name.endsWith("^{}");
    const version = Number(name.slice(prefix.length).replace(/\^\{\}$/, ""));
    if (!Number.isInteger(version) || version <= 0) continue;
    if (peeled || !found.has(version)) found.set(version, { version, tag: `models/${ref.team}/${ref.symbol}/v${version}`, commit });
  }
  return [...found.values()].sort((a, b) => a.version - b.version);
}

