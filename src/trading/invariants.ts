import type { Strategy } from "../config/branches-config.js";
import { TradingError } from "../errors.js";
import { positionValueCents, type Portfolio } from "./portfolio.js";

export interface Valuation {
  cash_cents: number;
  positions: { symbol: string; qty: number; price: number; value_cents: number }[];
  equity_cents: number;
}

/** Cash ≥ 0, no shorts unless allowed, equity = cash + Σ qty × price; a breach stops the run before anything is written. */
export function checkInvariants(portfolio: Portfolio, valuation: Valuation, strategy: Strategy, where: { team: string; date: string }): void {
  const fail = (message: string) => {
    throw new TradingError(`${where.team} on ${where.date}: ${message}`, { file: `ledger/${where.team}.jsonl`, field: where.date });
  };
  if (!Number.isInteger(portfolio.cash_cents) || portfolio.cash_cents < 0) fail(`cash would be ${portfolio.cash_cents / 100}; cash must stay ≥ 0`);
  for (const position of portfolio.positions) {
    if (!Number.isFinite(position.qty)) fail(`${position.symbol} has quantity ${position.qty}`);
    if (position.qty < 0 && !strategy.allow_short) fail(`${position.symbol} would be short ${position.qty}; the strategy does not allow shorts`);
    if (!strategy.fractional && !Number.isInteger(position.qty)) fail(`${position.symbol} holds ${position.qty} shares; whole shares expected`);
  }
  const sum = valuation.positions.reduce((total, p) => total + positionValueCents(p.qty, p.price), valuation.cash_cents);
  const drift = Math.abs(sum - valuation.equity_cents);
  if (valuation.cash_cents !== portfolio.cash_cents || drift > 0) {
    fail(`equity ${valuation.equity_cents / 100} ≠ cash + Σ qty × price = ${sum / 100}`);
  }
}
