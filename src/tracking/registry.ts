import { UsageError } from "../errors.js";
import { GITHUB_ACTIONS_BOT, type FileChanges, type GitIdentity, type GitRepo } from "../gitops/git-repo.js";
import { pushWithRetry, type RetryPolicy } from "../gitops/push-with-retry.js";
import type { Logger } from "../logger/logger.js";
import { parseChampion, parseVersionRecords, publishedPaths, renderChampion, type Champion } from "../publish/published-records.js";

export type ChampionEra = Champion["history"][number];

/**
 * Which version was champion at `when`: an ISO timestamp, or a bare date `YYYY-MM-DD` meaning the end of
 * that UTC day (the champion that day's trading ended with). Eras are half-open: [since, until).
 */
export function championOn(history: readonly ChampionEra[], when: string): ChampionEra | undefined {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(when) ? Date.parse(`${when}T23:59:59.999Z`) : Date.parse(when);
  if (Number.isNaN(instant)) throw new UsageError(`expected a date YYYY-MM-DD or an ISO 8601 time, got '${when}'`, { field: "date" });
  return history.find((era) => Date.parse(era.since) <= instant && (era.until === null || instant < Date.parse(era.until)));
}

export interface ChampionChange {
  version: number;
  /** ISO 8601 UTC. */
  date: string;
  reason: string;
}

/**
 * Pure: the champion record after making `version` champion by hand (a rollback to an older version or a
 * promotion the gate refused). The current era closes at `date`; history keeps every era, so a rollback
 * shows up as a new era of an old version rather than rewriting the past.
 */
export function planChampionSet(current: Champion | undefined, versionsText: string | undefined, change: ChampionChange, file: string): Champion {
  const record = parseVersionRecords(versionsText, file).find((candidate) => candidate.version === change.version);
  if (!record) throw new UsageError(`v${change.version} is not a published version (versions.jsonl has no such line)`, { file, field: "version" });
  if (current?.version === change.version) throw new UsageError(`v${change.version} is already the champion (since ${current.since})`, { file, field: "version" });
  if (current && Date.parse(change.date) < Date.parse(current.since)) {
    throw new UsageError(`date ${change.date} is before the current champion's start ${current.since}; history only grows forward`, { field: "date" });
  }
  const reason = `set by hand: ${change.reason} (test MAE ${record.metrics.test_mae.toFixed(4)}, skill_vs_naive ${record.metrics.skill_vs_naive.toFixed(4)})`;
  const past = (current?.history ?? []).map((era) => (era.until === null ? { ...era, until: change.date } : era));
  return {
    schema: 1,
    version: record.version,
    tag: record.tag,
    since: change.date,
    reason,
    kind: record.model.kind,
    test_mae: record.metrics.test_mae,
    skill_vs_naive: record.metrics.skill_vs_naive,
    history: [...past, { version: record.version, tag: record.tag, since: change.date, until: null, reason }],
  };
}

export interface SetChampionOptions {
  repo: GitRepo;
  team: string;
  symbol: string;
  version: number;
  reason: string;
  now: Date;
  logger: Logger;
  author?: GitIdentity;
  retry?: Partial<RetryPolicy>;
}

export interface SetChampionResult {
  commit: string | undefined;
  champion: Champion;
  attempts: number;
}

/**
 * Makes `version` the branch's champion in one commit on `<team>/<SYMBOL>`, pushed (never forced): only
 * champion.json changes, since trading reads the champion's files at the tag champion.json names.
 */
export async function setChampion(options: SetChampionOptions): Promise<SetChampionResult> {
  const { repo, team, symbol, version } = options;
  const branch = `${team}/${symbol}`;
  const paths = publishedPaths(symbol);
  const date = options.now.toISOString();
  const author = { ...(options.author ?? GITHUB_ACTIONS_BOT), timestamp: Math.floor(options.now.getTime() / 1000) };
  const outcome = await pushWithRetry<Champion>({
    repo,
    branch,
    logger: options.logger,
    ...(options.retry ? { policy: options.retry } : {}),
    prepare: async (head) => {
      if (head === undefined) throw new UsageError(`branch ${branch} does not exist on the remote`, { field: "branch" });
      const decode = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
      const current = parseChampion(decode(await repo.readFile(head, paths.champion)), `${branch}:${paths.champion}`);
      const champion = planChampionSet(current, decode(await repo.readFile(head, paths.versions)), { version, date, reason: options.reason }, `${branch}:${paths.versions}`);
      const changes: FileChanges = { [paths.champion]: renderChampion(champion) };
      const message = `models(${branch}): champion v${current?.version ?? "none"} → v${version} by hand\n\n${champion.reason}\nTag: ${champion.tag}\n`;
      return { commit: await repo.commitFiles({ parent: head, changes, message, author }), value: champion };
    },
  });
  options.logger.info(`champion ${branch}: v${version} (${outcome.commit?.slice(0, 12)})`);
  return { commit: outcome.commit, champion: outcome.value, attempts: outcome.attempts };
}
