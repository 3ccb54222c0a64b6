import type { Strategy } from "../../config/branches-config.js";
import type { Fill, Order, Portfolio } from "../portfolio.js";

export interface SettleContext {
  /** The trading day whose open fills the orders. */
  date: string;
  /** Open price per symbol on `date`; a symbol missing here did not trade that day. */
  opens: ReadonlyMap<string, number>;
  /** The book before these fills (the ledger's view of it). */
  portfolio: Portfolio;
  strategy: Strategy;
}

/** An order as the broker holds it (any status): what the ledger records instead of what was planned. */
export interface BrokerOrder {
  client_order_id: string;
  symbol: string;
  side: "buy" | "sell";
  qty: number;
  /** The broker's own status word (Alpaca: new, accepted, filled, canceled, …). */
  status: string;
  filled_qty: number;
}

/** Where orders go. Orders are plain data planned elsewhere; a broker only places them and reports fills. */
export interface Broker {
  readonly name: string;
  /** Places the orders decided after a close (market, at the next open); returns them with status accepted or rejected. */
  submit(orders: readonly Order[]): Promise<Order[]>;
  /** What became of the accepted orders at the open of `context.date`: one fill record per order, in the orders' order. */
  settle(orders: readonly Order[], context: SettleContext): Promise<Fill[]>;
  /** Lines for the run's log comparing the broker's own account with the ledger's book (real brokers only). */
  reconcile?(book: Portfolio): Promise<string[]>;
  /**
   * Brokers that hold orders outside the ledger (a real account): the orders among `clientOrderIds` the
   * broker has, placed on or after `since` (YYYY-MM-DD), in any status. A run reads them before planning,
   * so an order a crashed run placed is recorded, never placed twice and never called "not placed".
   */
  findOrders?(clientOrderIds: readonly string[], since: string): Promise<Map<string, BrokerOrder>>;
  /** Brokers that hold positions: signed quantity per symbol, as the broker reports them now. */
  positionsBySymbol?(): Promise<Map<string, number>>;
}
