import type { ChampionStatus, ModelVersion } from "./api-schemas.js";
import type { ChampionSet, ServedBranch } from "./champion-set.js";

/** The /v1/champions body: every branch of branches.json, served or not, in branch order. */
export function describeChampions(set: ChampionSet) {
  const champions: ChampionStatus[] = [...set.served.values()]
    .sort((a, b) => (a.branch < b.branch ? -1 : a.branch > b.branch ? 1 : 0))
    .map((entry) => ({
      team: entry.team,
      symbol: entry.symbol,
      branch: entry.branch,
      status: entry.champion && entry.prices ? "serving" : "failed",
      model: entry.champion
        ? { version: entry.champion.version, tag: entry.champion.tag, kind: entry.champion.kind, trained_through: entry.champion.trainedThrough }
        : null,
      error: entry.champion && entry.prices ? null : (entry.error ?? "not loaded"),
      latest_date: entry.prices?.bars.at(-1)?.date ?? null,
    }));
  return { loaded_at: set.loadedAt, revision: set.revision, champions };
}

/** The registry of one branch: versions.jsonl as published, with which one is champion now. */
export function describeVersions(entry: ServedBranch) {
  const current = entry.named?.version;
  const versions: ModelVersion[] = entry.versions.map((record) => ({
    version: record.version,
    tag: record.tag,
    date: record.date,
    kind: record.model.kind,
    data_version: record.data_version,
    test_mae: record.metrics.test_mae,
    skill_vs_naive: record.metrics.skill_vs_naive,
    promoted: record.gate.promoted,
    champion: current === `v${record.version}`,
  }));
  return { team: entry.team, symbol: entry.symbol, versions };
}
