/**
 * Money is kept in integer cents so cash and equity add up exactly; a position's value is
 * round(qty × price × 100) cents, so equity = cash + Σ qty × price holds to half a cent per position.
 */
export interface Position {
  symbol: string;
  /** Shares; negative only for shorts (when the strategy allows them). */
  qty: number;
  /** What the open shares cost (longs) or brought in (shorts), fees included, in cents; always ≥ 0. */
  cost_cents: number;
}

export interface Portfolio {
  cash_cents: number;
  /** Sorted by symbol, no zero quantities. */
  positions: Position[];
}

export type Side = "buy" | "sell";

/** An order decided after the close of `decided_on`, to fill at the open of `fill_date`. */
export interface Order {
  client_order_id: string;
  symbol: string;
  side: Side;
  qty: number;
  decided_on: string;
  fill_date: string;
  status: "accepted" | "rejected";
  reason?: string;
}

export type FillStatus = "filled" | "partially_filled" | "rejected" | "canceled" | "expired";

/** What became of one order at the open of `date`; qty 0 when nothing was filled. */
export interface Fill {
  client_order_id: string;
  symbol: string;
  side: Side;
  ordered_qty: number;
  qty: number;
  price: number;
  status: FillStatus;
  reason?: string;
  value_cents: number;
  fee_cents: number;
  tax_cents: number;
}

export const QTY_DECIMALS = 6;

export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return Math.round(cents) / 100;
}

export function roundQty(qty: number): number {
  const factor = 10 ** QTY_DECIMALS;
  return Math.round(qty * factor) / factor;
}

/** Whole shares, or fractional shares to 6 decimals, always rounded toward zero so targets are never overshot. */
export function truncateQty(qty: number, fractional: boolean): number {
  if (!fractional) return Math.trunc(qty + Math.sign(qty) * 1e-9);
  const factor = 10 ** QTY_DECIMALS;
  return Math.trunc(qty * factor + Math.sign(qty) * 1e-6) / factor;
}

export function positionValueCents(qty: number, price: number): number {
  return Math.round(qty * price * 100);
}

export function equityCents(portfolio: Portfolio, prices: ReadonlyMap<string, number>): number {
  return portfolio.positions.reduce((sum, position) => sum + positionValueCents(position.qty, priceOf(prices, position.symbol)), portfolio.cash_cents);
}

export function priceOf(prices: ReadonlyMap<string, number>, symbol: string): number {
  const price = prices.get(symbol);
  if (price === undefined) throw new Error(`no price for ${symbol}`);
  return price;
}

export function heldQty(portfolio: Portfolio, symbol: string): number {
  return portfolio.positions.find((position) => position.symbol === symbol)?.qty ?? 0;
}

export function initialPortfolio(budget: number): Portfolio {
  return { cash_cents: toCents(budget), positions: [] };
}
