import type { ModelRuntime } from "../trading/champion-source.js";
import { loadChampionSet, type ChampionSet } from "./champion-set.js";
import type { ServeRepository } from "./serve-repository.js";

/** Structured log lines of the watcher (the server's pino logger in production). */
export interface WatchLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ChampionWatcher {
  /** The set requests are answered from; undefined until the first load finished. */
  current(): ChampionSet | undefined;
  /**
   * Fetches, and loads a new set when the revision changed; the old set keeps answering until the new one
   * is complete, then one assignment swaps them. Calls made while a check runs share its next run.
   */
  check(reason: string): Promise<boolean>;
  /** Checks every `intervalMs` (0: never) until `stop`. */
  start(intervalMs: number): void;
  stop(): void;
}

export function championWatcher(options: { repository: ServeRepository; runtime: ModelRuntime; log: WatchLog; now?: () => Date }): ChampionWatcher {
  let set: ChampionSet | undefined;
  let running: Promise<boolean> | undefined;
  let queued: Promise<boolean> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const now = options.now ?? (() => new Date());

  const checkOnce = async (reason: string): Promise<boolean> => {
    const { repository, log } = options;
    try {
      await repository.refresh();
      if (set && (await repository.revision()) === set.revision) return false;
      const snapshot = await repository.snapshot();
      const next = await loadChampionSet({ ...snapshot, runtime: options.runtime, now: now(), ...(set ? { previous: set } : {}) });
      const old = set;
      set = next;
      const failed = [...next.served.values()].filter((entry) => !entry.champion).map((entry) => `${entry.branch}: ${entry.error}`);
      const kept = [...next.served.values()].filter((entry) => entry.champion && entry.champion === old?.served.get(entry.branch)?.champion).length;
      log.info({ revision: next.revision, previous: old?.revision ?? null, reason, serving: next.served.size - failed.length, kept, failed }, "champions loaded");
      for (const line of failed) log.warn({ revision: next.revision }, `not served: ${line}`);
      return true;
    } catch (error) {
      log.warn({ reason, error: (error as Error).message }, "champion check failed; still serving the previous set");
      return false;
    }
  };

  const check = (reason: string): Promise<boolean> => {
    if (!running) {
      running = checkOnce(reason).finally(() => (running = undefined));
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return check(reason);
    });
    return queued;
  };

  return {
    current: () => set,
    check,
    start(intervalMs) {
      if (intervalMs <= 0 || timer) return;
      const tick = () => {
        timer = setTimeout(() => void check("poll").finally(() => timer && tick()), intervalMs);
        timer.unref();
      };
      tick();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
