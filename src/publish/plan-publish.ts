import { md5Hex } from "../artifacts/content-hash.js";
import type { MetricsFile } from "../evaluate/metrics-file.js";
import type { FileChanges, GitIdentity } from "../gitops/git-repo.js";
import type { Lineage } from "../pipeline/lineage.js";
import { gateCandidate } from "./champion-comparison.js";
import { evaluateGate, type GateConfig, type GateVerdict } from "./promotion-gate.js";
import {
  parseChampion,
  parseVersionRecords,
  publishedPaths,
  renderChampion,
  renderVersionRecord,
  versionTag,
  type Champion,
  type VersionRecord,
} from "./published-records.js";
import { renderModelCard } from "./render-model-card.js";

/** What the branch holds right now (at the remote head just fetched). */
export interface BranchState {
  head: string | undefined;
  versionsText: string | undefined;
  championText: string | undefined;
  /** Pipeline artifacts at the head: files under models/<SYMBOL>/ that publish does not own, the report and the lock. */
  artifacts: Record<string, Uint8Array>;
  /** Version numbers of `models/<team>/<SYMBOL>/v<N>` tags the remote already has. */
  taggedVersions: number[];
  /** predictions.csv at the champion's tag, so the gate compares on the same days; undefined when not readable. */
  championPredictionsText?: string | undefined;
  /** Versions recorded in versions.jsonl whose tag the remote lacks, with the commit that recorded each. */
  untagged?: { version: number; tag: string; commit: string }[];
}

export interface PublishInputs {
  team: string;
  symbol: string;
  /** New pipeline artifacts from the working folder, same selection as `BranchState.artifacts`. */
  artifacts: Record<string, Uint8Array>;
  metrics: MetricsFile;
  lineage: Lineage | undefined;
  /** `[data]` of the trained stockops.toml, for the model card's data line. */
  dataConfig?: { source: string; pin?: boolean };
  gate: GateConfig;
  configCommit: string | null;
  /** ISO 8601 UTC. */
  date: string;
  author: GitIdentity;
  /** Append `[skip ci]`: needed when pushing with a PAT, whose pushes would start workflows. */
  skipCi?: boolean;
}

/** A tag to (re)create at a commit already on the branch. */
export interface TagRepair {
  name: string;
  commit: string;
}

export type PublishPlan =
  | { action: "skip"; reason: string; latestVersion: number | undefined }
  | { action: "repair"; reason: string; latestVersion: number | undefined; repairs: TagRepair[] }
  | {
      action: "commit";
      repairs: TagRepair[];
      version: number;
      tag: string;
      verdict: GateVerdict;
      record: VersionRecord;
      champion: Champion | undefined;
      changes: FileChanges;
      message: string;
      author: GitIdentity;
    };

/**
 * Pure: decides the next version from what the branch holds. N is 1 + the highest version recorded on
 * the branch (versions.jsonl, or a tag), so recomputing the plan on a freshly fetched head after a lost
 * race gives the next free number: no gap, no duplicate.
 */
export function planPublish(state: BranchState, inputs: PublishInputs): PublishPlan {
  const paths = publishedPaths(inputs.symbol);
  const records = parseVersionRecords(state.versionsText, paths.versions);
  const latestVersion = Math.max(0, ...records.map((record) => record.version), ...state.taggedVersions) || undefined;
  const repairs = (state.untagged ?? []).map((missing) => ({ name: missing.tag, commit: missing.commit }));
  if (sameArtifacts(state.artifacts, inputs.artifacts, paths.modelDir)) {
    if (repairs.length > 0) {
      const names = repairs.map((repair) => repair.name).join(", ");
      return { action: "repair", reason: `artifacts unchanged since v${latestVersion}; ${names} missing on the remote, pushed at the commit that recorded it`, latestVersion, repairs };
    }
    return { action: "skip", reason: `artifacts unchanged since ${latestVersion ? `v${latestVersion}` : "the branch head"}`, latestVersion };
  }
  const version = (latestVersion ?? 0) + 1;
  const tag = versionTag(inputs.team, inputs.symbol, version);
  const current = parseChampion(state.championText, paths.champion);
  const { metrics } = inputs;
  const predictions = inputs.artifacts[`${paths.modelDir}/predictions.csv`];
  const candidate = gateCandidate(metrics, predictions && new TextDecoder().decode(predictions), current ? state.championPredictionsText : undefined);
  const verdict = evaluateGate(candidate, inputs.gate, current);
  const champion = verdict.promoted ? promote(current, { version, tag, date: inputs.date, reason: verdict.reason, metrics }) : current;
  const record = versionRecord({ ...inputs, version, tag, verdict });

  const changes: FileChanges = { ...inputs.artifacts };
  for (const path of Object.keys(state.artifacts)) {
    if (path.startsWith(`${paths.modelDir}/`) && !(path in inputs.artifacts)) changes[path] = null;
  }
  changes[paths.versions] = `${state.versionsText ?? ""}${state.versionsText && !state.versionsText.endsWith("\n") ? "\n" : ""}${renderVersionRecord(record)}`;
  if (champion) changes[paths.champion] = renderChampion(champion);
  changes[paths.card] = renderModelCard({
    team: inputs.team,
    symbol: inputs.symbol,
    version,
    tag,
    date: inputs.date,
    configCommit: inputs.configCommit,
    metrics,
    lineage: inputs.lineage,
    ...(inputs.dataConfig ? { dataConfig: inputs.dataConfig } : {}),
    verdict,
    champion,
  });
  return { action: "commit", repairs, version, tag, verdict, record, champion, changes, message: commitMessage(inputs, version, tag, verdict), author: inputs.author };
}

/** Same paths with the same bytes; files outside the model folder that the run did not produce are left alone. */
function sameArtifacts(published: Record<string, Uint8Array>, next: Record<string, Uint8Array>, modelDir: string): boolean {
  const relevant = Object.keys(published).filter((path) => path.startsWith(`${modelDir}/`) || path in next);
  if (relevant.length !== Object.keys(next).length) return false;
  return relevant.every((path) => next[path] !== undefined && Buffer.from(next[path]!).equals(Buffer.from(published[path]!)));
}

export function artifactsDigest(artifacts: Record<string, Uint8Array>): string {
  const parts = Object.keys(artifacts)
    .sort()
    .map((path) => `${path}\0${md5Hex(artifacts[path]!)}`);
  return md5Hex(parts.join("\n"));
}

function versionRecord(args: PublishInputs & { version: number; tag: string; verdict: GateVerdict }): VersionRecord {
  const { metrics, lineage } = args;
  return {
    version: args.version,
    date: args.date,
    tag: args.tag,
    config_commit: args.configCommit,
    config_hash: lineage?.config_hash ?? null,
    data_version: lineage ? (lineage.data.data_version ?? lineage.data.content_hash) : null,
    model: { kind: metrics.model.kind, backend: metrics.model.backend },
    metrics: {
      test_mae: metrics.test.mae,
      test_rmse: metrics.test.rmse,
      test_hit_rate: metrics.test.hit_rate,
      naive_mae: metrics.baselines.naive.mae,
      skill_vs_naive: metrics.skill_vs_naive,
    },
    gate: { promoted: args.verdict.promoted, reason: args.verdict.reason },
    artifacts_md5: artifactsDigest(args.artifacts),
  };
}

function promote(
  current: Champion | undefined,
  next: { version: number; tag: string; date: string; reason: string; metrics: MetricsFile },
): Champion {
  const past = (current?.history ?? []).map((era) => (era.until === null ? { ...era, until: next.date } : era));
  return {
    schema: 1,
    version: next.version,
    tag: next.tag,
    since: next.date,
    reason: next.reason,
    kind: next.metrics.model.kind,
    test_mae: next.metrics.test.mae,
    skill_vs_naive: next.metrics.skill_vs_naive,
    history: [...past, { version: next.version, tag: next.tag, since: next.date, until: null, reason: next.reason }],
  };
}

function commitMessage(inputs: PublishInputs, version: number, tag: string, verdict: GateVerdict): string {
  const { metrics } = inputs;
  const subject =
    `models(${inputs.team}/${inputs.symbol}): v${version} ${metrics.model.kind} test MAE ${metrics.test.mae.toFixed(4)}` +
    ` skill ${metrics.skill_vs_naive.toFixed(4)} ${verdict.promoted ? "promoted" : "not promoted"}${inputs.skipCi ? " [skip ci]" : ""}`;
  const body = [
    `Gate: ${verdict.reason}`,
    `Naive MAE ${metrics.baselines.naive.mae.toFixed(4)}, ridge MAE ${metrics.baselines.ridge.mae.toFixed(4)}, hit rate ${(metrics.test.hit_rate * 100).toFixed(1)} %`,
    `Backtest ${(metrics.backtest.total_return * 100).toFixed(2)} % vs buy-and-hold ${(metrics.backtest.buy_and_hold_return * 100).toFixed(2)} %`,
    `Tag: ${tag}`,
    ...(inputs.configCommit ? [`Config commit: ${inputs.configCommit}`] : []),
  ];
  return `${subject}\n\n${body.join("\n")}\n`;
}
