import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { readModelConfig, MODEL_CONFIG_FILE } from "../config/read-model-config.js";
import { DataError, ConfigError, GitError, IntegrityError } from "../errors.js";
import { parseMetrics } from "../evaluate/metrics-file.js";
import { GITHUB_ACTIONS_BOT, type GitIdentity, type GitRepo } from "../gitops/git-repo.js";
import { pushWithRetry, type RetryPolicy } from "../gitops/push-with-retry.js";
import type { Logger } from "../logger/logger.js";
import { lineageSchema, type Lineage } from "../pipeline/lineage.js";
import { planPublish, type BranchState, type PublishInputs, type PublishPlan } from "./plan-publish.js";
import { parseVersionRecords, publishedPaths, versionTag } from "./published-records.js";

export interface Clock {
  now(): Date;
}

export interface PublishOptions {
  /** The clone the pipeline ran in; its remote is where the branch is published. */
  repo: GitRepo;
  branch: string;
  team: string;
  symbol: string;
  /** Branch root holding stockops.toml and the pipeline's artifacts (usually `repo.dir`). */
  workdir: string;
  logger: Logger;
  clock: Clock;
  author?: GitIdentity;
  /** Add `[skip ci]` to the message (pushing with a PAT; GITHUB_TOKEN pushes start no workflow anyway). */
  skipCi?: boolean;
  retry?: Partial<RetryPolicy>;
}

export interface PublishResult {
  /** The version published, or the latest one when nothing was published. */
  version: number | undefined;
  promoted: boolean;
  /** The publish commit on the remote branch; `undefined` when skipped. */
  commit: string | undefined;
  tag: string | undefined;
  pushed: boolean;
  /** Why nothing was committed (e.g. artifacts unchanged). */
  skippedReason?: string;
  /** The gate's verdict in words. */
  gateReason?: string;
  /** CARD.md as published. */
  card?: string;
  attempts: number;
}

/**
 * Commits the pipeline's artifacts to `branch` as the next version, tags it and pushes, re-planning on
 * the fetched head after every lost race. The local branch and working tree are left as they were:
 * the commit is built from git objects and pushed by id.
 */
export async function publishArtifacts(options: PublishOptions): Promise<PublishResult> {
  const { repo, branch, team, symbol, logger } = options;
  const inputs = await readPublishInputs(options);
  refuseNonModelBranch(branch, team, symbol);
  const paths = publishedPaths(symbol);
  const outcome = await pushWithRetry<PublishPlan>({
    repo,
    branch,
    logger,
    ...(options.retry ? { policy: options.retry } : {}),
    prepare: async (head) => {
      if (head === undefined) {
        throw new GitError(`branch ${branch} does not exist on the remote; create it first (stockops branches sync)`, { field: "branch" });
      }
      const plan = planPublish(await readBranchState(repo, head, team, symbol), inputs);
      if (plan.action === "skip") return { value: plan };
      if (plan.action === "repair") return { commit: head, tags: plan.repairs, value: plan };
      const commit = await repo.commitFiles({ parent: head, changes: plan.changes, message: plan.message, author: plan.author });
      return { commit, tags: [plan.tag, ...plan.repairs], value: plan };
    },
  });
  const plan = outcome.value;
  if (plan.action === "repair") {
    logger.info(`publish ${branch}: ${plan.reason}`);
    const tag = plan.repairs.at(-1)!.name;
    return { version: plan.latestVersion, promoted: false, commit: undefined, tag, pushed: true, skippedReason: plan.reason, attempts: outcome.attempts };
  }
  if (plan.action === "skip") {
    logger.info(`publish ${branch}: nothing to commit (${plan.reason})`);
    return { version: plan.latestVersion, promoted: false, commit: undefined, tag: undefined, pushed: false, skippedReason: plan.reason, attempts: outcome.attempts };
  }
  logger.info(`publish ${branch}: v${plan.version} pushed as ${outcome.commit?.slice(0, 12)} (${plan.tag}); ${plan.verdict.reason}`);
  const card = plan.changes[paths.card];
  return {
    version: plan.version,
    promoted: plan.verdict.promoted,
    commit: outcome.commit,
    tag: plan.tag,
    pushed: outcome.pushed,
    gateReason: plan.verdict.reason,
    ...(typeof card === "string" ? { card } : {}),
    attempts: outcome.attempts,
  };
}

/**
 * Version numbers belong to the model branch `<team>/<SYMBOL>`: an experiment branch or any other branch
 * publishing there would take numbers out of the model's sequence, leaving gaps on the model branch.
 */
export function refuseNonModelBranch(branch: string, team: string, symbol: string): void {
  const model = `${team}/${symbol}`;
  if (branch === model) return;
  throw new ConfigError(
    `publishing from branch '${branch || "(none)"}' is refused: versions of ${team}/${symbol} (tags models/${team}/${symbol}/v<N>) are allocated only by the model branch ${model}'s own publish${branch.startsWith("exp/") ? "; experiment branches record runs with stockops runs, not versions" : ""}`,
    { field: "branch" },
    `run publish on ${model} (push or dispatch with branch=${model})`,
  );
}

async function readPublishInputs(options: PublishOptions): Promise<PublishInputs> {
  const { workdir, team, symbol, repo, clock } = options;
  const config = await readModelConfig(join(workdir, MODEL_CONFIG_FILE));
  if (config.team !== team || config.symbol !== symbol) {
    throw new ConfigError(`is for ${config.team}/${config.symbol}, but publishing was asked for ${team}/${symbol}`, { file: join(workdir, MODEL_CONFIG_FILE) });
  }
  const artifacts = await readWorkdirArtifacts(workdir, symbol);
  const metricsPath = `${publishedPaths(symbol).modelDir}/metrics.json`;
  const metricsBytes = artifacts[metricsPath];
  if (!metricsBytes) throw new DataError("not found; nothing to publish (run the pipeline through evaluate first)", { file: join(workdir, metricsPath) });
  const metrics = parseMetrics(new TextDecoder().decode(metricsBytes), join(workdir, metricsPath));
  if (metrics.team !== team || metrics.symbol !== symbol) {
    throw new DataError(`describes ${metrics.team}/${metrics.symbol}, expected ${team}/${symbol}`, { file: join(workdir, metricsPath) });
  }
  const now = clock.now();
  return {
    team,
    symbol,
    artifacts,
    metrics,
    lineage: parseLineage(artifacts[`${publishedPaths(symbol).modelDir}/lineage.json`], join(workdir, publishedPaths(symbol).modelDir, "lineage.json")),
    dataConfig: config.data,
    gate: config.gate,
    configCommit: (await repo.headCommit()) ?? null,
    date: now.toISOString(),
    author: { ...(options.author ?? GITHUB_ACTIONS_BOT), timestamp: Math.floor(now.getTime() / 1000) },
    ...(options.skipCi ? { skipCi: true } : {}),
  };
}

function parseLineage(bytes: Uint8Array | undefined, file: string): Lineage | undefined {
  if (!bytes) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new DataError("not valid JSON; expected the lineage.json written by the pipeline", { file });
  }
  const parsed = lineageSchema.safeParse(raw);
  if (!parsed.success) throw new DataError(`expected a lineage record (${parsed.error.issues[0]?.message})`, { file, field: parsed.error.issues[0]?.path.join(".") });
  return parsed.data;
}

/** The files a run publishes: everything under models/<SYMBOL>/ except what publish writes itself, the report and the lock. */
export async function readWorkdirArtifacts(workdir: string, symbol: string): Promise<Record<string, Uint8Array>> {
  const paths = publishedPaths(symbol);
  const owned = new Set([paths.versions, paths.champion, paths.card]);
  const artifacts: Record<string, Uint8Array> = {};
  for (const file of await listFilesUnder(join(workdir, paths.modelDir))) {
    const path = relative(workdir, file).split(sep).join("/");
    if (!owned.has(path) && !isTempFile(path)) artifacts[path] = await readFile(file);
  }
  for (const path of [paths.report, paths.lock]) {
    const bytes = await readFile(join(workdir, path)).catch(() => undefined);
    if (bytes) artifacts[path] = bytes;
  }
  return artifacts;
}

async function readBranchState(repo: GitRepo, head: string, team: string, symbol: string): Promise<BranchState> {
  const paths = publishedPaths(symbol);
  const owned = new Set([paths.versions, paths.champion, paths.card]);
  const decode = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
  const artifacts: Record<string, Uint8Array> = {};
  for (const path of await repo.listFiles(head, paths.modelDir)) {
    if (!owned.has(path)) artifacts[path] = (await repo.readFile(head, path))!;
  }
  for (const path of [paths.report, paths.lock]) {
    const bytes = await repo.readFile(head, path);
    if (bytes) artifacts[path] = bytes;
  }
  const tagPrefix = `refs/tags/models/${team}/${symbol}/v`;
  const tags = await repo.listRemoteRefs(tagPrefix);
  const championText = decode(await repo.readFile(head, paths.champion));
  const taggedVersions = Object.keys(tags)
    .map((ref) => Number(ref.slice(tagPrefix.length).replace(/\^\{\}$/, "")))
    .filter((version) => Number.isInteger(version) && version > 0);
  const versionsText = decode(await repo.readFile(head, paths.versions));
  const tagged = new Set(taggedVersions);
  const untagged: { version: number; tag: string; commit: string }[] = [];
  for (const record of parseVersionRecords(versionsText, paths.versions)) {
    if (tagged.has(record.version)) continue;
    const expected = versionTag(team, symbol, record.version);
    if (record.tag !== expected) {
      throw new IntegrityError(`v${record.version} names tag ${record.tag}, expected ${expected} for branch ${team}/${symbol}`, { file: paths.versions, field: "tag" });
    }
    untagged.push({ version: record.version, tag: expected, commit: await commitThatRecorded(repo, head, paths.versions, record.version) });
  }
  return {
    head,
    untagged,
    versionsText,
    championText,
    artifacts,
    taggedVersions,
    championPredictionsText: await championPredictions(repo, championText, tags, symbol),
  };
}

/** predictions.csv at the champion's tag (a publish commit on this branch); undefined when any step fails: the gate then compares on skill. */
async function championPredictions(repo: GitRepo, championText: string | undefined, tags: Record<string, string>, symbol: string): Promise<string | undefined> {
  try {
    const tag = championText === undefined ? undefined : (JSON.parse(championText) as { tag?: unknown }).tag;
    if (typeof tag !== "string") return undefined;
    const commit = tags[`refs/tags/${tag}^{}`] ?? tags[`refs/tags/${tag}`];
    if (!commit) return undefined;
    const bytes = await repo.readFile(commit, `${publishedPaths(symbol).modelDir}/predictions.csv`);
    return bytes && new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/** Walks first parents back from `head` to the commit that added `version` to versions.jsonl (or the oldest one the clone has). */
async function commitThatRecorded(repo: GitRepo, head: string, path: string, version: number): Promise<string> {
  let commit = head;
  for (let steps = 0; steps < 10_000; steps += 1) {
    const parent = (await repo.commitParents(commit))?.[0];
    if (!parent) return commit;
    const text = await repo.readFile(parent, path).catch(() => null);
    if (text === null) return commit;
    const records = text ? parseVersionRecords(new TextDecoder().decode(text), path) : [];
    if (!records.some((record) => record.version === version)) return commit;
    commit = parent;
  }
  return commit;
}

async function listFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** writeFileAtomic's in-flight temp files (`.<name>.<hex>.tmp`) are never artifacts. */
function isTempFile(path: string): boolean {
  return /(^|\/)\.[^/]+\.[0-9a-f]{12}\.tmp$/.test(path);
}
