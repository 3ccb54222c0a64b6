import { branchName, type BranchesConfig } from "../config/branches-config.js";
import { parseChampion, parseVersionRecords, publishedPaths, type VersionRecord } from "../publish/published-records.js";
import { branchChampionSource, type BranchFileReader, type ModelRuntime, type PublishedChampionModel } from "../trading/champion-source.js";
import type { VersionedBars, VersionedPriceSource } from "../trading/price-source.js";

/** One `<team>/<SYMBOL>` branch as the server holds it: a champion that passed every check, or why there is none. */
export interface ServedBranch {
  team: string;
  symbol: string;
  branch: string;
  /** Set only when the model loaded and every model file matched its md5 in lineage.json. */
  champion: PublishedChampionModel | undefined;
  /** `v<N>` and tag champion.json names, also when that model failed to load. */
  named: { version: string; tag: string; kind: string } | undefined;
  /** Commit of the champion's tag when it was loaded. */
  tagCommit: string | undefined;
  /** Why the champion is not served (load, md5 or price failure). */
  error: string | undefined;
  prices: VersionedBars | undefined;
  versions: VersionRecord[];
}

/** Everything one reload read, swapped in whole so a request never sees half of two revisions. */
export interface ChampionSet {
  revision: string;
  loadedAt: string;
  branches: BranchesConfig;
  served: ReadonlyMap<string, ServedBranch>;
}

export interface ChampionSetInputs {
  revision: string;
  branches: BranchesConfig;
  read: BranchFileReader;
  prices: VersionedPriceSource;
  runtime: ModelRuntime;
  now: Date;
  tagCommit?: (tag: string) => Promise<string | undefined>;
  /**
   * The set being replaced: a champion whose tag still names the same commit is taken over as it is (its
   * files are the same git objects, already checked), so a reload caused by another ref costs no model load.
   */
  previous?: ChampionSet;
}

/** Loads every branch of branches.json; a branch that fails is recorded with its error, never thrown. */
export async function loadChampionSet(inputs: ChampionSetInputs): Promise<ChampionSet> {
  const source = branchChampionSource(inputs.read, inputs.runtime);
  const served = new Map<string, ServedBranch>();
  for (const ref of inputs.branches.branches) {
    const branch = branchName(ref);
    const paths = publishedPaths(ref.symbol);
    const entry: ServedBranch = { team: ref.team, symbol: ref.symbol, branch, champion: undefined, named: undefined, tagCommit: undefined, error: undefined, prices: undefined, versions: [] };
    try {
      entry.versions = parseVersionRecords(decode(await inputs.read(branch, paths.versions)), `${branch}:${paths.versions}`);
      const record = parseChampion(decode(await inputs.read(branch, paths.champion)), `${branch}:${paths.champion}`);
      if (record) entry.named = { version: `v${record.version}`, tag: record.tag, kind: record.kind };
      entry.tagCommit = record ? await inputs.tagCommit?.(record.tag) : undefined;
      const before = inputs.previous?.served.get(branch);
      const unchanged = before?.champion && entry.tagCommit !== undefined && before.tagCommit === entry.tagCommit && before.named?.tag === record?.tag;
      entry.champion = unchanged ? before.champion : await source.load(ref);
      entry.prices = await inputs.prices.series(ref);
    } catch (error) {
      entry.champion = undefined;
      entry.error = (error as Error).message;
    }
    served.set(branch, entry);
  }
  return { revision: inputs.revision, loadedAt: inputs.now.toISOString(), branches: inputs.branches, served };
}

function decode(bytes: Uint8Array | undefined): string | undefined {
  return bytes ? new TextDecoder().decode(bytes) : undefined;
}
