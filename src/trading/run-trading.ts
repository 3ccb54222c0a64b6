import { branchName, teamConfigOf, type BranchesConfig } from "../config/branches-config.js";
import type { PriceBar } from "../data/price-series.js";
import { ConfigError, MissingRefError, TradingError } from "../errors.js";
import type { Logger } from "../logger/logger.js";
import type { Broker, BrokerOrder } from "./brokers/broker.js";
import { possibleOrderIds } from "./reconcile-orders.js";
import type { Champion, ChampionSource } from "./champion-source.js";
import { systemClock, type Clock } from "./clock.js";
import { appendEntry, ledgerPath, parseLedger, portfolioPath, renderPortfolioFile, type LedgerEntry, type LedgerStore, type SkippedStock } from "./ledger.js";
import { intendedTradingDate, nextTradingDay, parseDate, tradingDaysBetween } from "./market-calendar.js";
import { tradeDay, type TeamMarket } from "./trade-day.js";
import type { PriceSource } from "./price-source.js";

export interface RunTradingOptions {
  team: string;
  /** Trade this date (catching up missed days before it); default: the intended date from the clock and the NYSE calendar. */
  date?: string;
  /** Replay: every trading day from `from` to `to`, exactly as daily runs would have. */
  from?: string;
  to?: string;
  branches: BranchesConfig;
  champions: ChampionSource;
  prices: PriceSource;
  ledger: LedgerStore;
  broker: Broker;
  /** Where the branches are read from (a checkout's path), named when they are not there. */
  where?: string;
  clock?: Clock;
  logger: Logger;
}

export interface TradingSummary {
  team: string;
  /** Trading dates asked for (one date, or a replay span). */
  requested: { from: string; to: string };
  /** Dates written by this run, in order. */
  written: string[];
  /** Set when the requested date is a weekend or exchange holiday: nothing was written. */
  notTradingDay?: string;
  /** The team's last ledger entry after the run. */
  last?: LedgerEntry;
  /** Set when nothing was traded but the portfolio file lagged the ledger and was rewritten from it. */
  repairedPortfolio?: boolean;
  /** Stocks left out on a written day, with the reason. */
  skipped: (SkippedStock & { date: string })[];
  /**
   * The first day not written because no stock could be traded and at least one was left out for want of its
   * champion or prices (a rerun with those in place trades it); days after it are not written either.
   */
  stopped?: { date: string; reasons: SkippedStock[] };
}

/** The one entry point the CLI and the trade action call. */
export async function runTrading(options: RunTradingOptions): Promise<TradingSummary> {
  const { team, branches, logger } = options;
  const config = teamConfigOf(branches, team);
  if (!config) throw new ConfigError(`team '${team}' is not defined; expected one of ${Object.keys(branches.teams).join(", ") || "(none)"}`, { file: "branches.json", field: "teams" });
  const { from, to } = requestedSpan(options);
  const summary: TradingSummary = { team, requested: { from, to }, written: [], skipped: [] };
  if (tradingDaysBetween(from, to).length === 0) {
    logger.info(`${from === to ? to : `${from} … ${to}`} holds no NYSE trading day (weekend or holiday): nothing to trade for ${team}`);
    return { ...summary, notTradingDay: to };
  }
  let text = await options.ledger.read(team);
  const entries = parseLedger(text, ledgerPath(team), "last");
  let last = entries.at(-1);
  const days = daysToTrade(last?.date, from, to);
  if (days.length === 0) {
    if (last && (await repairPortfolio(options.ledger, team, text, last))) {
      logger.warn(`${team}: ${portfolioPath(team)} lagged the ledger (last entry ${last.date}); rewritten from it`);
      return { ...summary, last, repairedPortfolio: true };
    }
    logger.info(`${team}: ${to} is already in the ledger (last entry ${last?.date}); nothing written`);
    return { ...summary, last };
  }
  const market = await loadMarket(options, team, config);
  refuseUnloadable(market, options.where);
  // A real broker can only fill orders placed now at the next open: missed days are recorded without new orders.
  const current = options.broker.name === "paper" ? undefined : intendedTradingDate((options.clock ?? systemClock).now());
  const held = await brokerOrders(options.broker, team, [...(last ? [last.date] : []), ...days], market, last);
  const before = last;
  try {
    for (const date of days) {
      const entry = await tradeDay(market, date, last, options.broker, logger, current === undefined || date === current, held);
      if (entry.predictions.length === 0 && entry.skipped.some((skip) => unloaded(market, skip.branch))) {
        summary.stopped = { date, reasons: entry.skipped };
        logger.warn(`${team} ${date}: not written, no stock could be traded (${entry.skipped.map((skip) => `${skip.branch}: ${skip.error}`).join("; ")}); a rerun once they load trades it`);
        break;
      }
      text = appendEntry(text, entry);
      summary.written.push(date);
      summary.skipped.push(...entry.skipped.map((skip) => ({ ...skip, date })));
      logger.progress(`${team} ${date}: equity ${entry.equity.toFixed(2)} ${entry.currency}, ${entry.fills.filter((f) => f.qty > 0).length} fills, ${entry.orders.length} orders`);
      last = entry;
    }
  } finally {
    // Written once per run (days that completed, even when a later day fails): a year's replay is one write, not 250.
    if (last && last !== before) await options.ledger.write(team, text, renderPortfolioFile(last));
  }
  return { ...summary, last };
}

/** The portfolio file is derived from the ledger's last entry; one left stale (a run killed between the two writes) is rewritten. */
async function repairPortfolio(store: LedgerStore, team: string, text: string, last: LedgerEntry): Promise<boolean> {
  if (!store.readPortfolio) return false;
  const expected = renderPortfolioFile(last);
  if ((await store.readPortfolio(team)) === expected) return false;
  await store.write(team, text, expected);
  return true;
}

/**
 * Every trading day after the last entry up to each requested day, so a replay and a sequence of daily
 * runs (including late or missed ones) walk through exactly the same days.
 */
export function daysToTrade(lastDate: string | undefined, from: string, to: string): string[] {
  const requested = tradingDaysBetween(from, to);
  const first = requested[0];
  if (!first) return [];
  if (lastDate === undefined) return requested;
  if (lastDate >= to) return [];
  return tradingDaysBetween(nextTradingDay(lastDate), to);
}

function requestedSpan(options: RunTradingOptions): { from: string; to: string } {
  if (options.from !== undefined || options.to !== undefined) {
    if (options.date !== undefined) throw new ConfigError("give either --date or --from/--to, not both", { field: "date" });
    if (options.from === undefined || options.to === undefined) throw new ConfigError("a replay needs both --from and --to", { field: options.from ? "to" : "from" });
    parseDate(options.from);
    parseDate(options.to);
    if (options.from > options.to) throw new TradingError(`--from ${options.from} is after --to ${options.to}`, { field: "from" });
    return { from: options.from, to: options.to };
  }
  const date = options.date ?? intendedTradingDate((options.clock ?? systemClock).now());
  parseDate(date);
  return { from: date, to: date };
}

/**
 * Before planning anything: what the broker holds under every client_order_id the team could have used
 * on each unsettled day (the last ledger day, whose orders fill next, and every day about to be written).
 */
async function brokerOrders(broker: Broker, team: string, unsettled: string[], market: TeamMarket, last: LedgerEntry | undefined): Promise<Map<string, BrokerOrder>> {
  if (!broker.findOrders || unsettled.length === 0) return new Map();
  const symbols = [...market.branches.map((ref) => ref.symbol), ...(last?.positions ?? []).map((p) => p.symbol), ...(last?.orders ?? []).map((o) => o.symbol)];
  const ids = unsettled.flatMap((date) => [...possibleOrderIds(team, date, symbols).keys()]);
  return broker.findOrders(ids, unsettled[0]!);
}

async function loadMarket(options: RunTradingOptions, team: string, config: TeamMarket["config"]): Promise<TeamMarket> {
  const branches = options.branches.branches.filter((ref) => ref.team === team);
  const champions = new Map<string, Champion | Error>();
  const bars = new Map<string, readonly PriceBar[] | Error>();
  for (const ref of branches) {
    champions.set(branchName(ref), await settle(() => options.champions.load(ref)));
    bars.set(branchName(ref), await settle(() => options.prices.bars(ref)));
  }
  // One pair of keys in the repository secrets: every team on the same broker trades in one account.
  const sharedAccount = Object.entries(options.branches.teams).some(([other, settings]) => other !== team && settings.broker === options.broker.name);
  return { team, config, branches, champions, bars, sharedAccount };
}

/** The branch's champion or prices could not be loaded for this run (absent, unpublished, unreadable). */
function unloaded(market: TeamMarket, branch: string): boolean {
  return market.champions.get(branch) instanceof Error || market.bars.get(branch) instanceof Error;
}

/**
 * A team none of whose branches loads would write days of cash only, which no rerun could replace (a date
 * in the ledger is final): refuse before anything is written, naming each branch and why.
 */
function refuseUnloadable(market: TeamMarket, where = "this repository"): void {
  if (market.branches.length === 0 || !market.branches.every((ref) => unloaded(market, branchName(ref)))) return;
  const names = market.branches.map(branchName);
  const absent = names.filter((name) => market.champions.get(name) instanceof MissingRefError || market.bars.get(name) instanceof MissingRefError);
  const why = names.map((name) => `${name}: ${((market.champions.get(name) as Error | undefined) ?? (market.bars.get(name) as Error)).message}`);
  throw new TradingError(
    absent.length === names.length
      ? `${market.team}'s model branches ${absent.join(", ")} are not in ${where} (looked for each as a local branch and as origin/<branch>): nothing traded, nothing written`
      : `none of ${market.team}'s model branches can be traded (${why.join("; ")}): nothing written`,
    { file: "branches.json", field: `teams.${market.team}` },
    absent.length > 0
      ? "git fetch origin brings them to a clone of main; stockops branches sync creates missing ones; --dir points at a checkout that has them"
      : "publish a champion on each branch (the pipeline's promotion gate), then run again",
  );
}

async function settle<T>(load: () => Promise<T>): Promise<T | Error> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof TradingError) throw error;
    return error instanceof Error ? error : new Error(String(error));
  }
}

