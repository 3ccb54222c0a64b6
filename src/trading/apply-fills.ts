import type { Strategy } from "../config/branches-config.js";
import { roundQty, toCents, type Fill, type Portfolio, type Position, type Side } from "./portfolio.js";

export interface FillCosts {
  value_cents: number;
  fee_cents: number;
  tax_cents: number;
}

/** Fees on one fill, and the tax on the gain it realizes, given the position before it. */
export function fillCosts(portfolio: Portfolio, symbol: string, side: Side, qty: number, price: number, strategy: Strategy): FillCosts {
  if (qty === 0) return { value_cents: 0, fee_cents: 0, tax_cents: 0 };
  const value_cents = toCents(qty * price);
  const fee_cents = Math.round((value_cents * strategy.fee_bps) / 10_000) + toCents(strategy.fee_fixed);
  const gain = realizedGainCents(position(portfolio, symbol), side, qty, value_cents, fee_cents);
  const tax_cents = gain > 0 ? Math.round(gain * strategy.tax_rate) : 0;
  return { value_cents, fee_cents, tax_cents };
}

/** Pure: the portfolio after the fills, sells before buys; qty-0 fills (rejected, expired) change nothing. */
export function applyFills(portfolio: Portfolio, fills: readonly Fill[]): Portfolio {
  let cash = portfolio.cash_cents;
  const positions = new Map(portfolio.positions.map((p) => [p.symbol, { ...p }]));
  for (const fill of fills) {
    if (fill.qty === 0) continue;
    const direction = fill.side === "buy" ? 1 : -1;
    cash += -direction * fill.value_cents - fill.fee_cents - fill.tax_cents;
    const next = movePosition(positions.get(fill.symbol) ?? { symbol: fill.symbol, qty: 0, cost_cents: 0 }, direction * fill.qty, fill.value_cents, fill.fee_cents);
    if (next.qty === 0) positions.delete(fill.symbol);
    else positions.set(fill.symbol, next);
  }
  return { cash_cents: cash, positions: [...positions.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1)) };
}

/** Closing part of a position releases its share of the cost; the rest opens a position at this fill's price. */
function movePosition(before: Position, signedQty: number, valueCents: number, feeCents: number): Position {
  const closing = Math.sign(before.qty) === -Math.sign(signedQty) ? Math.min(Math.abs(before.qty), Math.abs(signedQty)) : 0;
  const opening = Math.abs(signedQty) - closing;
  const qty = roundQty(before.qty + signedQty);
  let cost = before.cost_cents;
  if (closing > 0) cost -= Math.round((before.cost_cents * closing) / Math.abs(before.qty));
  if (opening > 0) {
    const share = opening / Math.abs(signedQty);
    const openValue = Math.round(valueCents * share);
    const openFee = Math.round(feeCents * share);
    cost += signedQty > 0 ? openValue + openFee : openValue - openFee;
  }
  return { symbol: before.symbol, qty, cost_cents: qty === 0 ? 0 : Math.max(0, cost) };
}

function realizedGainCents(before: Position | undefined, side: Side, qty: number, valueCents: number, feeCents: number): number {
  if (!before || before.qty === 0) return 0;
  const closingLong = side === "sell" && before.qty > 0;
  const closingShort = side === "buy" && before.qty < 0;
  if (!closingLong && !closingShort) return 0;
  const closing = Math.min(Math.abs(before.qty), qty);
  const share = closing / qty;
  const basis = (before.cost_cents * closing) / Math.abs(before.qty);
  const proceeds = (valueCents - feeCents) * share;
  return Math.round(closingLong ? proceeds - basis : basis - (valueCents + feeCents) * share);
}

function position(portfolio: Portfolio, symbol: string): Position | undefined {
  return portfolio.positions.find((p) => p.symbol === symbol);
}
