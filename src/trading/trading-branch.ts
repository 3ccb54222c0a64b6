import type { FileChanges, GitIdentity, GitRepo } from "../gitops/git-repo.js";
import { pushWithRetry, type RetryPolicy } from "../gitops/push-with-retry.js";
import { silentLogger, type Logger } from "../logger/logger.js";
import { ledgerPath, parseLedger, portfolioPath, type LedgerEntry, type LedgerStore } from "./ledger.js";
import { LEADERBOARD_PATH, renderLeaderboard } from "./leaderboard.js";
import type { TradingSummary } from "./run-trading.js";

export const TRADING_BRANCH = "trading";

export interface PushTradingOptions {
  repo: GitRepo;
  team: string;
  /** Runs the trading day(s) against the ledger as the remote branch holds it; called again after a lost push race. */
  trade: (ledger: LedgerStore) => Promise<TradingSummary>;
  author: GitIdentity;
  branch?: string;
  policy?: Partial<RetryPolicy>;
  logger?: Logger;
}

export interface PushTradingOutcome {
  summary: TradingSummary;
  /** The commit now at the tip of the trading branch, when this run wrote one. */
  commit: string | undefined;
  pushed: boolean;
  leaderboard: string | undefined;
}

/**
 * Trades on top of the remote `trading` branch and pushes ledger, portfolio and leaderboard in one commit,
 * never forced: a push that loses a race to another team's run is rebuilt on the winner's head (the day's
 * result does not depend on other teams' files, and orders carry the same client_order_id). Nothing new
 * to write → no commit.
 */
export async function tradeAndPush(options: PushTradingOptions): Promise<PushTradingOutcome> {
  const branch = options.branch ?? TRADING_BRANCH;
  const outcome = await pushWithRetry<{ summary: TradingSummary; leaderboard: string | undefined }>({
    repo: options.repo,
    branch,
    logger: options.logger ?? silentLogger,
    ...(options.policy ? { policy: options.policy } : {}),
    prepare: async (head) => {
      const store = branchLedgerStore(options.repo, head);
      const summary = await options.trade(store);
      if (store.changes === undefined) return { value: { summary, leaderboard: undefined } };
      const leaderboard = renderLeaderboard(await allLedgers(options.repo, head, options.team, store.changes.ledger));
      const changes: FileChanges = {
        [ledgerPath(options.team)]: store.changes.ledger,
        [portfolioPath(options.team)]: store.changes.portfolio,
        [LEADERBOARD_PATH]: leaderboard,
      };
      const commit = await options.repo.commitFiles({ parent: head, changes, message: commitMessage(summary), author: options.author });
      return { commit, value: { summary, leaderboard } };
    },
  });
  return { ...outcome.value, commit: outcome.commit, pushed: outcome.pushed };
}

/** The ledger as committed at `head`, with writes kept in memory for the commit. */
function branchLedgerStore(repo: GitRepo, head: string | undefined): LedgerStore & { changes: { ledger: string; portfolio: string } | undefined } {
  const store = {
    changes: undefined as { ledger: string; portfolio: string } | undefined,
    async read(team: string) {
      if (!head) return "";
      const bytes = await repo.readFile(head, ledgerPath(team));
      return bytes ? new TextDecoder().decode(bytes) : "";
    },
    async readPortfolio(team: string) {
      if (!head) return undefined;
      const bytes = await repo.readFile(head, portfolioPath(team));
      return bytes ? new TextDecoder().decode(bytes) : undefined;
    },
    async write(_team: string, ledger: string, portfolio: string) {
      store.changes = { ledger, portfolio };
    },
  };
  return store;
}

async function allLedgers(repo: GitRepo, head: string | undefined, team: string, ledger: string): Promise<Map<string, LedgerEntry[]>> {
  const ledgers = new Map<string, LedgerEntry[]>();
  const files = head ? await repo.listFiles(head, "ledger") : [];
  for (const path of files.filter((file) => file.endsWith(".jsonl")).sort()) {
    const name = path.slice("ledger/".length, -".jsonl".length);
    if (name === team) continue;
    ledgers.set(name, parseLedger(new TextDecoder().decode((await repo.readFile(head!, path))!), path));
  }
  ledgers.set(team, parseLedger(ledger, ledgerPath(team)));
  return ledgers;
}

function commitMessage(summary: TradingSummary): string {
  const days = summary.written;
  if (days.length === 0) return `trading(${summary.team}): portfolio rewritten from the ledger's last entry (${summary.last?.date ?? "none"})`;
  const span = days.length === 1 ? days[0] : `${days[0]} … ${days.at(-1)} (${days.length} days)`;
  const equity = summary.last ? `, equity ${summary.last.equity.toFixed(2)} ${summary.last.currency}` : "";
  const skipped = summary.skipped.length ? `, ${summary.skipped.length} stock-days skipped` : "";
  return `trading(${summary.team}): ${span}${equity}${skipped}`;
}
