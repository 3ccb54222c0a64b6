import type { BranchRef, TeamConfig } from "../config/branches-config.js";
import { branchName } from "../config/branches-config.js";
import type { PriceBar } from "../data/price-series.js";
import { TradingError } from "../errors.js";
import type { Logger } from "../logger/logger.js";
import { applyFills } from "./apply-fills.js";
import type { Broker, BrokerOrder } from "./brokers/broker.js";
import { unfilled } from "./brokers/paper-broker.js";
import type { Champion } from "./champion-source.js";
import { checkInvariants, type Valuation } from "./invariants.js";
import { portfolioAfter, type LedgerEntry, type Prediction, type SkippedStock } from "./ledger.js";
import { nextTradingDay } from "./market-calendar.js";
import { planOrders } from "./plan-orders.js";
import { refuseDivergence, sortOrders, splitByBroker } from "./reconcile-orders.js";
import { fromCents, initialPortfolio, positionValueCents, type Fill, type Portfolio } from "./portfolio.js";

/** What one day needs, loaded once per run: each branch's champion and full price series, or why it could not be loaded. */
export interface TeamMarket {
  team: string;
  config: TeamConfig;
  branches: readonly BranchRef[];
  champions: ReadonlyMap<string, Champion | Error>;
  bars: ReadonlyMap<string, readonly PriceBar[] | Error>;
  /** Other teams trade in the same broker account, so its positions are not this team's alone. */
  sharedAccount?: boolean;
}

/** One trading day: settle yesterday's orders at today's open, value at the close, predict, plan and place tomorrow's orders. */
export async function tradeDay(
  market: TeamMarket,
  date: string,
  previous: LedgerEntry | undefined,
  broker: Broker,
  logger: Logger,
  placeOrders = true,
  held: ReadonlyMap<string, BrokerOrder> = new Map(),
): Promise<LedgerEntry> {
  const strategy = market.config.strategy;
  let portfolio = previous ? portfolioAfter(previous) : initialPortfolio(market.config.budget);
  const prices = new Map(Object.entries(previous?.prices ?? {}));
  const upTo = new Map<string, readonly PriceBar[]>();
  for (const ref of market.branches) {
    const bars = market.bars.get(branchName(ref));
    if (bars instanceof Error || !bars) continue;
    const known = barsUpTo(bars, date);
    upTo.set(ref.symbol, known);
    if (known.length > 0) prices.set(ref.symbol, known.at(-1)!.close);
  }

  refuseWithoutPrices(market, date, upTo);
  const fills = await settlePending(previous, date, upTo, portfolio, market, broker, held);
  portfolio = applyFills(portfolio, fills);

  const { predictions, skipped } = await predictAll(market, date, upTo, logger);
  const planned = planOrders({
    team: market.team,
    date,
    fillDate: nextTradingDay(date),
    portfolio,
    predictions: new Map(predictions.map((p) => [p.symbol, p.predicted_return])),
    closes: prices,
    strategy,
  });
  if (placeOrders && broker.positionsBySymbol && !market.sharedAccount) {
    refuseDivergence(portfolio, await broker.positionsBySymbol(), { team: market.team, date, broker: broker.name });
  }
  const symbols = [...market.branches.map((ref) => ref.symbol), ...portfolio.positions.map((p) => p.symbol)];
  const { known, fresh } = splitByBroker(planned, held, { team: market.team, date, fillDate: nextTradingDay(date), symbols });
  if (known.length > 0) logger.info(`${market.team} ${date}: ${known.length} orders already at ${broker.name} (placed by an earlier run), recorded as the broker holds them`);
  const sent = !placeOrders
    ? fresh.map((order) => ({ ...order, status: "rejected" as const, reason: `not placed: ${broker.name} takes orders only on the current trading date` }))
    : fresh.length > 0
      ? await broker.submit(fresh)
      : [];
  if (!placeOrders && fresh.length > 0) logger.warn(`${market.team} ${date}: ${fresh.length} orders not placed (a missed day: ${broker.name} only takes orders for the current trading date)`);
  const orders = sortOrders([...known, ...sent]);

  if (placeOrders && broker.reconcile) for (const line of await broker.reconcile(portfolio)) logger.info(line);
  const valuation = value(portfolio, prices);
  checkInvariants(portfolio, valuation, strategy, { team: market.team, date });
  return {
    team: market.team,
    date,
    broker: broker.name,
    currency: market.config.currency,
    fills,
    predictions,
    skipped,
    orders,
    prices: Object.fromEntries([...prices].filter(([symbol]) => upTo.has(symbol) || portfolio.positions.some((p) => p.symbol === symbol))),
    cash: fromCents(valuation.cash_cents),
    positions: portfolio.positions.map((p) => {
      const price = prices.get(p.symbol)!;
      return { symbol: p.symbol, qty: p.qty, cost: fromCents(p.cost_cents), price, value: fromCents(positionValueCents(p.qty, price)) };
    }),
    equity: fromCents(valuation.equity_cents),
  };
}

async function settlePending(
  previous: LedgerEntry | undefined,
  date: string,
  upTo: ReadonlyMap<string, readonly PriceBar[]>,
  portfolio: Portfolio,
  market: TeamMarket,
  broker: Broker,
  held: ReadonlyMap<string, BrokerOrder>,
): Promise<Fill[]> {
  // What the broker holds for the previous day wins over what its ledger line says: an older run may have
  // written "not placed" for an order the broker took, or died before recording one.
  const recorded = previous?.orders ?? [];
  const symbols = [...market.branches.map((ref) => ref.symbol), ...portfolio.positions.map((p) => p.symbol), ...recorded.map((o) => o.symbol)];
  const fromBroker = previous ? splitByBroker(recorded, held, { team: market.team, date: previous.date, fillDate: nextTradingDay(previous.date), symbols }) : { known: [], fresh: [] };
  const accepted = new Set(recorded.filter((order) => order.status === "accepted").map((order) => order.client_order_id));
  const pending = [
    ...recorded.filter((order) => accepted.has(order.client_order_id)),
    ...fromBroker.known.filter((order) => order.status === "accepted" && !accepted.has(order.client_order_id)),
  ];
  const due = pending.filter((order) => order.fill_date === date);
  const stale = pending.filter((order) => order.fill_date !== date).map((order) => unfilled(order, "expired", `meant to fill on ${order.fill_date}`));
  const opens = new Map<string, number>();
  for (const [symbol, bars] of upTo) if (bars.at(-1)?.date === date) opens.set(symbol, bars.at(-1)!.open);
  const settled = due.length > 0 ? await broker.settle(due, { date, opens, portfolio, strategy: market.config.strategy }) : [];
  return [...settled, ...stale].sort((a, b) => (a.side === b.side ? 0 : a.side === "sell" ? -1 : 1));
}

async function predictAll(market: TeamMarket, date: string, upTo: ReadonlyMap<string, readonly PriceBar[]>, logger: Logger) {
  const predictions: Prediction[] = [];
  const skipped: SkippedStock[] = [];
  for (const ref of [...market.branches].sort((a, b) => (a.symbol < b.symbol ? -1 : 1))) {
    const branch = branchName(ref);
    const skip = (error: string) => {
      skipped.push({ symbol: ref.symbol, branch, error });
      logger.warn(`${branch} skipped on ${date}: ${error}`);
    };
    const champion = market.champions.get(branch);
    const bars = market.bars.get(branch);
    if (champion instanceof Error || !champion) {
      skip(champion?.message ?? "no champion loaded");
      continue;
    }
    refuseLookAhead(champion, date);
    if (bars instanceof Error || !bars) {
      skip(bars?.message ?? "no prices loaded");
      continue;
    }
    const known = upTo.get(ref.symbol) ?? [];
    if (known.at(-1)?.date !== date) {
      skip(`no price for ${ref.symbol} on ${date}`);
      continue;
    }
    const predicted = await champion.predict(known);
    if (!Number.isFinite(predicted)) {
      skip(`model ${champion.version} could not predict from the prices up to ${date}`);
      continue;
    }
    predictions.push({ symbol: ref.symbol, branch, predicted_return: predicted, model_version: champion.version, trained_through: champion.trainedThrough });
  }
  return { predictions, skipped };
}

/**
 * A decision at the close of `date` may only come from a model fitted on targets that all end before
 * `date`: a date on or before `trained_through` lies inside the data the model was fitted on.
 */
export function refuseLookAhead(champion: Champion, date: string): void {
  if (champion.trainedThrough < date) return;
  const where = { file: `${champion.branch}:models/${champion.symbol}/lineage.json`, field: "trained_through" };
  const hint = `train it with [data] end before ${date} in stockops.toml, or retrain walk-forward on a schedule`;
  if (champion.trainedThrough === date) {
    throw new TradingError(`${champion.branch} model ${champion.version} was trained through ${date}, the decision date itself: that day is in-sample, so trading it would score the model on data it was fitted on`, where, hint);
  }
  throw new TradingError(`${champion.branch} model ${champion.version} was trained on prices up to ${champion.trainedThrough}, after the decision date ${date}; trading with it would use knowledge of the future`, where, hint);
}

/** A date none of the team's price series reaches yet would be written with stale prices and never traded again. */
function refuseWithoutPrices(market: TeamMarket, date: string, upTo: ReadonlyMap<string, readonly PriceBar[]>): void {
  if (upTo.size === 0 || [...upTo.values()].some((bars) => bars.at(-1)?.date === date)) return;
  const latest = [...upTo.values()].map((bars) => bars.at(-1)?.date ?? "none").sort().at(-1);
  throw new TradingError(
    `no price for any of ${market.team}'s stocks on ${date} (the latest is ${latest}); nothing is written for ${date} or after`,
    { field: "date" },
    "update the price data first (the data workflow, or stockops data update), then run again",
  );
}

function barsUpTo(bars: readonly PriceBar[], date: string): readonly PriceBar[] {
  let low = 0;
  let high = bars.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (bars[mid]!.date <= date) low = mid + 1;
    else high = mid;
  }
  return bars.slice(0, low);
}

function value(portfolio: Portfolio, prices: ReadonlyMap<string, number>): Valuation {
  const positions = portfolio.positions.map((p) => {
    const price = prices.get(p.symbol);
    if (price === undefined) throw new TradingError(`no price known for held ${p.symbol}; cannot value the portfolio`, { field: p.symbol });
    return { symbol: p.symbol, qty: p.qty, price, value_cents: positionValueCents(p.qty, price) };
  });
  const equity_cents = positions.reduce((sum, p) => sum + p.value_cents, portfolio.cash_cents);
  return { cash_cents: portfolio.cash_cents, positions, equity_cents };
}
