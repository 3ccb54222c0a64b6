import type { Strategy } from "../../config/branches-config.js";
import { applyFills, fillCosts } from "../apply-fills.js";
import { roundQty, type Fill, type Order, type Portfolio } from "../portfolio.js";
import type { Broker, SettleContext } from "./broker.js";

/** The ledger is the book: every order fills at the day's open, buys cut down to the cash there is. */
export function paperBroker(): Broker {
  return {
    name: "paper",
    submit: async (orders) => orders.map((order) => ({ ...order })),
    settle: async (orders, context) => simulateFills(orders, context),
  };
}

/** Pure: sells first, then buys in order, each buy reduced to what the remaining cash pays for (fees and tax included). */
export function simulateFills(orders: readonly Order[], { opens, portfolio, strategy }: SettleContext): Fill[] {
  let book = portfolio;
  const bySide = [...orders].sort((a, b) => (a.side === b.side ? 0 : a.side === "sell" ? -1 : 1));
  const fills = new Map<string, Fill>();
  for (const order of bySide) {
    const price = opens.get(order.symbol);
    const fill = price === undefined ? unfilled(order, "expired", `no price for ${order.symbol} on the fill date`) : fillAtOpen(order, price, book, strategy);
    book = applyFills(book, [fill]);
    fills.set(order.client_order_id, fill);
  }
  return orders.map((order) => fills.get(order.client_order_id)!);
}

function fillAtOpen(order: Order, price: number, book: Portfolio, strategy: Strategy): Fill {
  const qty = affordableQty(order, price, book, strategy);
  if (qty === 0) return unfilled(order, "rejected", "insufficient cash at the open", price);
  const costs = fillCosts(book, order.symbol, order.side, qty, price, strategy);
  const partial = qty < order.qty;
  return {
    ...baseFill(order),
    qty,
    price,
    status: partial ? "partially_filled" : "filled",
    ...(partial ? { reason: "cut to the cash available at the open" } : {}),
    ...costs,
  };
}

/** The largest quantity up to the order's that leaves cash ≥ 0 (binary search in whole or 1e-6 share steps). */
function affordableQty(order: Order, price: number, book: Portfolio, strategy: Strategy): number {
  const step = strategy.fractional ? 1e-6 : 1;
  const fits = (qty: number) => {
    const costs = fillCosts(book, order.symbol, order.side, qty, price, strategy);
    const direction = order.side === "buy" ? 1 : -1;
    return book.cash_cents - direction * costs.value_cents - costs.fee_cents - costs.tax_cents >= 0;
  };
  if (fits(order.qty)) return order.qty;
  let low = 0;
  let high = Math.round(order.qty / step);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(roundQty(mid * step))) low = mid;
    else high = mid - 1;
  }
  return roundQty(low * step);
}

function baseFill(order: Order): Pick<Fill, "client_order_id" | "symbol" | "side" | "ordered_qty"> {
  return { client_order_id: order.client_order_id, symbol: order.symbol, side: order.side, ordered_qty: order.qty };
}

export function unfilled(order: Order, status: "rejected" | "canceled" | "expired", reason: string, price = 0): Fill {
  return { ...baseFill(order), qty: 0, price, status, reason, value_cents: 0, fee_cents: 0, tax_cents: 0 };
}
