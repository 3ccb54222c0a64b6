import * as nodeFs from "node:fs";
import type { FsClient } from "isomorphic-git";
import { GitError } from "../errors.js";
import { parseVersionRecords, publishedPaths, type VersionRecord } from "../publish/published-records.js";
import { branchGlob, flattenMetrics, flattenParams, type TrackedRun } from "./tracked-run.js";

/** A clone (`dir`) or a bare repository (`gitdir`), e.g. the origin itself. */
export interface RunSource {
  dir?: string;
  gitdir?: string;
  fs?: FsClient;
}

export interface ListRunsOptions extends RunSource {
  /** Only branches matching this glob (`red/*`, `**`). */
  branch?: string;
}

const VERSION_TAG = /^models\/([^/]+)\/([^/]+)\/v(\d+)$/;
const MODEL_BRANCH = /^(?:origin\/)?([a-z][a-z0-9-]*)\/([A-Z][A-Z0-9.\-^]*)$/;

type Git = typeof import("isomorphic-git");

/**
 * Every published version, read from git objects only (no checkout): one run per `models/<team>/<SYMBOL>/v<N>`
 * tag, plus versions that branches' versions.jsonl records but whose tag was not fetched. Newest first.
 */
export async function listRuns(options: ListRunsOptions): Promise<TrackedRun[]> {
  const git = await import("isomorphic-git");
  const location = gitLocation(options);
  const runs = new Map<string, TrackedRun>();
  const recorded = await runsFromBranchTips(git, location);
  const records = new Map(recorded.map((run) => [run.name, run]));
  const tags = (await git.listTags(location)).filter((tag) => VERSION_TAG.test(tag));
  for (const run of await Promise.all(tags.map((tag) => runFromTag(git, location, tag, records)))) runs.set(run.name, run);
  for (const run of recorded) if (!runs.has(run.name)) runs.set(run.name, run);
  const wanted = options.branch ? branchGlob(options.branch) : undefined;
  return [...runs.values()]
    .filter((run) => !wanted || wanted.test(run.branch))
    .sort((a, b) => b.date.localeCompare(a.date) || a.name.localeCompare(b.name));
}

export type GitLocation = { fs: FsClient; dir?: string; gitdir?: string; cache: object; objects: Map<string, Promise<unknown>> };

export function gitLocation(source: RunSource): GitLocation {
  if (!source.dir && !source.gitdir) throw new GitError("no repository given: expected a clone folder or a bare repository", { field: "dir" });
  return { fs: source.fs ?? nodeFs, ...(source.dir ? { dir: source.dir } : {}), ...(source.gitdir ? { gitdir: source.gitdir } : {}), cache: {}, objects: new Map() };
}

/**
 * The version's record comes from its branch tip's versions.jsonl (read once per branch), or from the
 * tagged commit's own versions.jsonl when the branch is not here; the tag adds the commit, config and metrics.
 */
async function runFromTag(git: Git, location: GitLocation, tag: string, recorded: ReadonlyMap<string, TrackedRun>): Promise<TrackedRun> {
  const [, team, symbol, versionText] = VERSION_TAG.exec(tag)!;
  const version = Number(versionText);
  const tagged = await git.resolveRef({ ...location, ref: `refs/tags/${tag}` });
  const { oid: commit } = await memo(location, `c${tagged}`, () => git.readCommit({ ...location, oid: tagged }));
  const paths = publishedPaths(symbol!);
  const [metricsText, configText] = await Promise.all([
    readText(git, location, commit, `${paths.modelDir}/metrics.json`),
    readText(git, location, commit, "stockops.toml"),
  ]);
  const base = recorded.get(`${team}/${symbol}/v${version}`) ?? (await runFromTaggedRecord(git, location, tag, commit, version));
  return {
    ...base,
    tag,
    commit,
    params: configText ? await parseParams(configText) : {},
    metrics: { ...(metricsText ? flattenMetrics(safeJson(metricsText)) : {}), ...base.metrics },
  };
}

async function runFromTaggedRecord(git: Git, location: GitLocation, tag: string, commit: string, version: number): Promise<TrackedRun> {
  const [, team, symbol] = VERSION_TAG.exec(tag)!;
  const paths = publishedPaths(symbol!);
  const record = parseVersionRecords(await readText(git, location, commit, paths.versions), `${tag}:${paths.versions}`).find((candidate) => candidate.version === version);
  const date = record?.date ?? new Date((await git.readCommit({ ...location, oid: commit })).commit.committer.timestamp * 1000).toISOString();
  return { ...recordFields(team!, symbol!, version, record), tag, commit, date, params: {}, metrics: { ...(record?.metrics ?? {}) } };
}

/** Versions a branch records whose tag this repository does not have: still runs, known by their record only. */
async function runsFromBranchTips(git: Git, location: GitLocation): Promise<TrackedRun[]> {
  const local = await git.listBranches(location);
  const remote = await git.listBranches({ ...location, remote: "origin" }).catch(() => [] as string[]);
  const refs = new Map<string, string>();
  for (const name of local) refs.set(name, `refs/heads/${name}`);
  for (const name of remote) if (!refs.has(name)) refs.set(name, `refs/remotes/origin/${name}`);
  const runs: TrackedRun[] = [];
  for (const [name, ref] of refs) {
    const match = MODEL_BRANCH.exec(name);
    if (!match) continue;
    const [, team, symbol] = match;
    const tip = await git.resolveRef({ ...location, ref });
    const text = await readText(git, location, tip, publishedPaths(symbol!).versions);
    for (const record of parseVersionRecords(text, `${name}:${publishedPaths(symbol!).versions}`)) {
      runs.push({ ...recordFields(team!, symbol!, record.version, record), tag: null, commit: null, date: record.date, params: {}, metrics: { ...record.metrics } });
    }
  }
  return runs;
}

function recordFields(team: string, symbol: string, version: number, record: VersionRecord | undefined) {
  return {
    name: `${team}/${symbol}/v${version}`,
    team,
    symbol,
    version,
    branch: `${team}/${symbol}`,
    dataVersion: record?.data_version ?? null,
    configCommit: record?.config_commit ?? null,
    kind: record?.model.kind ?? "unknown",
    promoted: record?.gate.promoted ?? false,
    gateReason: record?.gate.reason ?? "",
  };
}

/**
 * A file's text at `commit`, walking trees by id with every object memoized per location: versions share
 * most trees and blobs (the same stockops.toml, the same folders), so each is inflated once.
 */
export async function readText(git: Git, location: GitLocation, commit: string, filepath: string): Promise<string | undefined> {
  try {
    let oid = (await memo(location, `c${commit}`, () => git.readCommit({ ...location, oid: commit }))).commit.tree;
    for (const name of filepath.split("/")) {
      const { tree } = await memo(location, `t${oid}`, () => git.readTree({ ...location, oid }));
      const entry = tree.find((candidate) => candidate.path === name);
      if (!entry) return undefined;
      oid = entry.oid;
    }
    const blobOid = oid;
    return await memo(location, `b${blobOid}`, async () => new TextDecoder().decode((await git.readBlob({ ...location, oid: blobOid })).blob));
  } catch (error) {
    if ((error as { code?: string }).code === "NotFoundError") return undefined;
    throw new GitError(`cannot read ${filepath} at ${commit.slice(0, 12)}: ${(error as Error).message}`, { file: filepath });
  }
}

function memo<T>(location: GitLocation, key: string, load: () => Promise<T>): Promise<T> {
  let value = location.objects.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    location.objects.set(key, value);
  }
  return value;
}

async function parseParams(text: string): Promise<Record<string, string>> {
  const TOML = (await import("@iarna/toml")).default;
  try {
    return flattenParams(TOML.parse(text));
  } catch {
    return {};
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
