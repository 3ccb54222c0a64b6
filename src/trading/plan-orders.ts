import type { Strategy } from "../config/branches-config.js";
import { clientOrderId } from "./order-id.js";
import { equityCents, heldQty, roundQty, truncateQty, type Order, type Portfolio } from "./portfolio.js";

export interface PlanInput {
  team: string;
  /** The decision date t (after its close). */
  date: string;
  /** The next trading day, whose open fills the orders. */
  fillDate: string;
  portfolio: Portfolio;
  /** Predicted next-day log return per symbol; a symbol without one is neither bought nor sold. */
  predictions: ReadonlyMap<string, number>;
  /** Close of `date` (or the last close before it) for every held or predicted symbol. */
  closes: ReadonlyMap<string, number>;
  strategy: Strategy;
}

/**
 * Pure: target weights proportional to the predicted return of the stocks above the threshold, capped
 * per stock and leaving the cash reserve; orders are the differences to the holdings.
 */
export function planOrders(input: PlanInput): Order[] {
  const targets = targetQuantities(input);
  const orders: Order[] = [];
  for (const symbol of [...targets.keys()].sort()) {
    const delta = roundQty(targets.get(symbol)! - heldQty(input.portfolio, symbol));
    if (delta === 0) continue;
    const side = delta > 0 ? "buy" : "sell";
    orders.push({
      client_order_id: clientOrderId(input.team, input.date, symbol, side),
      symbol,
      side,
      qty: Math.abs(delta),
      decided_on: input.date,
      fill_date: input.fillDate,
      status: "accepted",
    });
  }
  return orders.sort((a, b) => (a.side === b.side ? (a.symbol < b.symbol ? -1 : 1) : a.side === "sell" ? -1 : 1));
}

/** Target signed quantity for every symbol that has a prediction. */
export function targetQuantities({ portfolio, predictions, closes, strategy }: PlanInput): Map<string, number> {
  const equity = equityCents(portfolio, closes) / 100;
  const weights = targetWeights(predictions, strategy);
  const targets = new Map<string, number>();
  for (const [symbol, weight] of weights) {
    const close = closes.get(symbol);
    if (close === undefined || !(close > 0) || equity <= 0) {
      targets.set(symbol, heldQty(portfolio, symbol));
      continue;
    }
    targets.set(symbol, truncateQty((weight * equity) / close, strategy.fractional));
  }
  return targets;
}

/** Signed weights: positive for longs, negative for shorts (only when allowed), zero for the rest. */
export function targetWeights(predictions: ReadonlyMap<string, number>, strategy: Strategy): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [symbol, predicted] of predictions) {
    if (!Number.isFinite(predicted)) continue;
    if (predicted > strategy.threshold) scores.set(symbol, predicted - Math.min(strategy.threshold, 0));
    else if (strategy.allow_short && predicted < -Math.abs(strategy.threshold)) scores.set(symbol, predicted);
    else scores.set(symbol, 0);
  }
  const total = [...scores.values()].reduce((sum, score) => sum + Math.abs(score), 0);
  const investable = 1 - strategy.cash_reserve;
  const weights = new Map<string, number>();
  for (const [symbol, score] of scores) {
    const raw = total > 0 ? (Math.abs(score) / total) * investable : 0;
    weights.set(symbol, Math.sign(score) * Math.min(raw, strategy.max_weight));
  }
  return weights;
}
