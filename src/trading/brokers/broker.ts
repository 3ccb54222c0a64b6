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

/** Where orders go. Orders are plain data planned elsewhere; a broker only places them and reports fills. */
export interface Broker {
  readonly name: string;
  /** Places the orders decided after a close (market, at the next open); returns them with status accepted or rejected. */
  submit(orders: readonly Order[]): Promise<Order[]>;
  /** What became of the accepted orders at the open of `context.date`: one fill record per order, in the orders' order. */
  settle(orders: readonly Order[], context: SettleContext): Promise<Fill[]>;
  /** Lines for the run's log comparing the broker's own account with the ledger's book (real brokers only). */
  reconcile?(book: Portfolio): Promise<string[]>;
}
