import { TradingError } from "../errors.js";
import type { BrokerOrder } from "./brokers/broker.js";
import { clientOrderId } from "./order-id.js";
import type { Order, Portfolio, Side } from "./portfolio.js";

const SIDES: readonly Side[] = ["buy", "sell"];

/** Every client_order_id the team could have used on `date`: one per symbol and side, so a broker order of that day is recognised whatever was planned. */
export function possibleOrderIds(team: string, date: string, symbols: Iterable<string>): Map<string, { symbol: string; side: Side }> {
  const ids = new Map<string, { symbol: string; side: Side }>();
  for (const symbol of [...new Set(symbols)].sort()) for (const side of SIDES) ids.set(clientOrderId(team, date, symbol, side), { symbol, side });
  return ids;
}

export interface DayOrders {
  /** Orders the broker already holds for this day (an earlier run placed them): recorded as the broker has them. */
  known: Order[];
  /** Planned orders the broker has never seen. */
  fresh: Order[];
}

/**
 * Splits a day's plan by what the broker holds. A held order wins over the plan (its quantity, and
 * rejected only when the broker rejected it); a held order the plan no longer contains (a crashed run
 * planned from other inputs) is still recorded, since it will fill.
 */
export function splitByBroker(
  planned: readonly Order[],
  held: ReadonlyMap<string, BrokerOrder>,
  day: { team: string; date: string; fillDate: string; symbols: Iterable<string> },
): DayOrders {
  const known: Order[] = [];
  const fresh: Order[] = [];
  const plannedIds = new Set(planned.map((order) => order.client_order_id));
  for (const order of planned) {
    const placed = held.get(order.client_order_id);
    if (placed) known.push(fromBroker(placed, day.date, day.fillDate));
    else fresh.push(order);
  }
  for (const id of possibleOrderIds(day.team, day.date, day.symbols).keys()) {
    const placed = held.get(id);
    if (placed && !plannedIds.has(id)) known.push(fromBroker(placed, day.date, day.fillDate, "placed by an earlier run of this day; not in today's plan"));
  }
  return { known, fresh };
}

function fromBroker(placed: BrokerOrder, decidedOn: string, fillDate: string, note?: string): Order {
  const base = { client_order_id: placed.client_order_id, symbol: placed.symbol, side: placed.side, qty: placed.qty, decided_on: decidedOn, fill_date: fillDate };
  if (placed.status === "rejected") return { ...base, status: "rejected", reason: `rejected by the broker (reconciled by client_order_id)` };
  return { ...base, status: "accepted", reason: `reconciled from the broker by client_order_id (status ${placed.status})${note ? `; ${note}` : ""}` };
}

/** Sells before buys, then by symbol: the order every broker call and ledger line uses. */
export function sortOrders(orders: readonly Order[]): Order[] {
  return [...orders].sort((a, b) => (a.side === b.side ? (a.symbol < b.symbol ? -1 : 1) : a.side === "sell" ? -1 : 1));
}

/**
 * After every order of the team was reconciled, the broker's positions must be the ledger's: anything
 * else (orders placed by hand, a fill the ledger never saw) would make every later decision wrong, so the
 * run stops before placing anything.
 */
export function refuseDivergence(book: Portfolio, broker: ReadonlyMap<string, number>, where: { team: string; date: string; broker: string }): void {
  const ledger = new Map(book.positions.map((position) => [position.symbol, position.qty]));
  const differences: string[] = [];
  for (const symbol of [...new Set([...ledger.keys(), ...broker.keys()])].sort()) {
    const mine = ledger.get(symbol) ?? 0;
    const theirs = broker.get(symbol) ?? 0;
    if (Math.abs(mine - theirs) > 1e-9) differences.push(`${symbol}: ${where.broker} holds ${theirs}, the ledger ${mine}`);
  }
  if (differences.length === 0) return;
  throw new TradingError(
    `${where.team} ${where.date}: the broker and the ledger disagree after reconciling every order by client_order_id (${differences.join("; ")}); no order placed, nothing written`,
    { field: "positions" },
    "find what traded outside stockops in the broker's order history and undo it in the account (or close the account's stray positions), then run again",
  );
}
