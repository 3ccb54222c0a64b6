import { GitError } from "../errors.js";
import { silentLogger, type Logger } from "../logger/logger.js";
import { PushRejectedError, type GitRepo } from "./git-repo.js";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  random: Math.random,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
};

/**
 * What `prepare` built on the remote head: a commit to push and tag names for it (created locally and
 * on the remote only once the branch push succeeded), or nothing to do.
 */
export type PreparedPush<T> = { commit: string; tags?: string[]; value: T } | { commit?: undefined; value: T };

export interface PushWithRetryOptions<T> {
  repo: GitRepo;
  branch: string;
  /**
   * Builds the change on top of `remoteHead` (the branch's commit on the remote, just fetched) and
   * commits it locally. Called again after every rejection, so whatever depends on the head (a version
   * number, an appended line) is recomputed from what actually won the race.
   */
  prepare: (remoteHead: string | undefined, attempt: number) => Promise<PreparedPush<T>>;
  policy?: Partial<RetryPolicy>;
  logger?: Logger;
}

export interface PushOutcome<T> {
  value: T;
  /** The commit now on the remote branch, when one was pushed. */
  commit: string | undefined;
  pushed: boolean;
  attempts: number;
}

/**
 * Fetch → prepare → push, and on a rejected push (the remote moved on) fetch again, re-apply and retry
 * after an exponential, jittered delay, up to `maxAttempts`. Never forces: a lost race is resolved by
 * building on the winner, so both changes end up on the remote in a linear history.
 */
export async function pushWithRetry<T>(options: PushWithRetryOptions<T>): Promise<PushOutcome<T>> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const logger = options.logger ?? silentLogger;
  let lastRejection: PushRejectedError | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    const remoteHead = await options.repo.fetchBranch(options.branch);
    const prepared = await options.prepare(remoteHead, attempt);
    if (prepared.commit === undefined) return { value: prepared.value, commit: undefined, pushed: false, attempts: attempt };
    try {
      await options.repo.push(options.branch, "branch", prepared.commit);
    } catch (error) {
      if (!(error instanceof PushRejectedError)) throw error;
      lastRejection = error;
      if (attempt === policy.maxAttempts) break;
      const delay = backoffDelay(attempt, policy);
      logger.warn(`push to ${options.branch} rejected (attempt ${attempt}/${policy.maxAttempts}): ${error.message}; fetching and retrying in ${delay} ms`);
      await policy.sleep(delay);
      continue;
    }
    for (const tag of prepared.tags ?? []) await pushTag(options.repo, tag, prepared.commit);
    return { value: prepared.value, commit: prepared.commit, pushed: true, attempts: attempt };
  }
  throw new GitError(
    `push to ${options.branch} still rejected after ${policy.maxAttempts} attempts (${lastRejection?.message ?? "no detail"}); nothing was forced`,
    { field: options.branch },
    "another publisher keeps winning the race; run the publish step again",
  );
}

/** base · 2^(attempt−1), capped, then jittered into its upper half so racing publishers spread out. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}

async function pushTag(repo: GitRepo, tag: string, commit: string): Promise<void> {
  await repo.tag(tag, commit);
  try {
    await repo.push(tag, "tag", commit);
  } catch (error) {
    throw new GitError(
      `the branch commit was pushed but tag ${tag} was not: ${(error as Error).message}`,
      { field: tag },
      "the version is recorded on the branch; push the tag by hand or rerun publish",
    );
  }
}
