import { GitError } from "../errors.js";
import { silentLogger, type Logger } from "../logger/logger.js";
import { PushRejectedError, type GitRepo } from "./git-repo.js";

export interface RetryPolicy {
  /** Tries in all, the first included: the hard cap, whatever the other writers do. */
  maxAttempts: number;
  /**
   * Rejections in a row after which the remote head has not moved (nobody else landed, so retrying cannot
   * help). A rejection after which another writer's commit is found costs nothing here: with N writers on
   * one branch at least one lands per round, so the budget grows with the contention instead of running
   * out at a fixed count.
   */
  maxStalls: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 64,
  maxStalls: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  random: Math.random,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
};

/**
 * What `prepare` built on the remote head: a commit to push and tag names for it (branch and tags land
 * in one atomic push, both or neither), or nothing to do.
 */
export type PreparedPush<T> = { commit: string; tags?: PreparedTag[]; value: T } | { commit?: undefined; value: T };

/** A tag name (at the prepared commit), or a tag at another commit already on the branch (a repair). */
export type PreparedTag = string | { name: string; commit: string };

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
 * Fetch → prepare → one atomic push (branch and tags together, the branch compared and swapped against
 * the head just fetched), and on a rejection (the remote moved on) fetch again, re-apply and retry after
 * an exponential, jittered delay. Never forces: a lost race is resolved by building on the winner, so
 * every change ends up on the remote in a linear history.
 */
export async function pushWithRetry<T>(options: PushWithRetryOptions<T>): Promise<PushOutcome<T>> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const logger = options.logger ?? silentLogger;
  let lastRejection: PushRejectedError | undefined;
  let stalls = 0;
  let losses = 0;
  let lostOn: string | undefined | null = null;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    const remoteHead = await options.repo.fetchBranch(options.branch);
    if (lostOn !== null) stalls = remoteHead === lostOn ? stalls + 1 : 0;
    if (stalls >= policy.maxStalls) break;
    const prepared = await options.prepare(remoteHead, attempt);
    if (prepared.commit === undefined) return { value: prepared.value, commit: undefined, pushed: false, attempts: attempt };
    const tags = (prepared.tags ?? []).map((tag) => (typeof tag === "string" ? { name: tag, commit: prepared.commit } : tag));
    try {
      // A prepared commit equal to the head only adds tags: the branch does not move.
      await options.repo.pushAtomic([
        ...(prepared.commit === remoteHead ? [] : [{ ref: options.branch, kind: "branch" as const, commit: prepared.commit, expected: remoteHead }]),
        ...tags.map((tag) => ({ ref: tag.name, kind: "tag" as const, commit: tag.commit, expected: undefined })),
      ]);
    } catch (error) {
      if (!(error instanceof PushRejectedError)) throw error;
      lastRejection = error;
      lostOn = remoteHead;
      losses += 1;
      if (attempt === policy.maxAttempts) break;
      const delay = backoffDelay(Math.min(losses, 16), policy);
      logger.warn(`push to ${options.branch} lost a race (attempt ${attempt}): ${error.message}; fetching, re-applying and retrying in ${delay} ms`);
      await policy.sleep(delay);
      continue;
    }
    for (const tag of tags) await options.repo.tag(tag.name, tag.commit);
    return { value: prepared.value, commit: prepared.commit, pushed: true, attempts: attempt };
  }
  const why = stalls >= policy.maxStalls ? `${stalls} rejections in a row with no other writer landing` : `${policy.maxAttempts} attempts`;
  throw new GitError(
    `push to ${options.branch} still rejected after ${why} (${lastRejection?.message ?? "no detail"}); nothing was forced and nothing half-written`,
    { field: options.branch },
    stalls >= policy.maxStalls
      ? "the remote refuses this change for a reason other than a lost race (a protected ref, or a tag that already exists); read the reason above"
      : "other writers kept landing first; run the step again (it re-applies on the newest head)",
  );
}

/** base · 2^(attempt−1), capped, then jittered into its upper half so racing publishers spread out. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}
