import { ConfigError, RemoteError } from "../../errors.js";
import type { TeamConfig } from "../../config/branches-config.js";
import type { Logger } from "../../logger/logger.js";
import { applyFills, fillCosts } from "../apply-fills.js";
import type { Fill, Order, Portfolio } from "../portfolio.js";
import type { Broker } from "./broker.js";
import { unfilled } from "./paper-broker.js";

export const ALPACA_PAPER_URL = "https://paper-api.alpaca.markets";
export const ALPACA_LIVE_URL = "https://api.alpaca.markets";

/** Alpaca's order object, the fields used here (numbers arrive as strings). */
export interface AlpacaOrder {
  id: string;
  client_order_id: string;
  symbol: string;
  side: "buy" | "sell";
  qty: string | null;
  filled_qty: string;
  filled_avg_price: string | null;
  type: string;
  time_in_force: string;
  status: string;
}

export interface AlpacaAccount {
  account_number: string;
  status: string;
  currency: string;
  cash: string;
  equity: string;
  buying_power: string;
}

export interface AlpacaPosition {
  symbol: string;
  qty: string;
  side: "long" | "short";
  avg_entry_price: string;
  market_value: string;
}

export interface AlpacaOptions {
  keyId: string;
  secretKey: string;
  /** Default: the paper endpoint. */
  baseUrl?: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** Attempts after the first for 429, 5xx, timeouts and network errors. */
  retries?: number;
  /** First backoff; doubled on each retry (a Retry-After header wins when longer). */
  backoffMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface AlpacaBroker extends Broker {
  account(): Promise<AlpacaAccount>;
  positions(): Promise<AlpacaPosition[]>;
}

/** Orders go out as market orders at the next open (`opg`; `day` for fractional quantities, which Alpaca only takes as day orders). */
export function alpacaBroker(options: AlpacaOptions): AlpacaBroker {
  const http = alpacaHttp(options);
  const log = options.logger;
  return {
    name: "alpaca",
    account: async () => (await http("GET", "/v2/account")).body as AlpacaAccount,
    positions: async () => (await http("GET", "/v2/positions")).body as AlpacaPosition[],
    async submit(orders) {
      const placed: Order[] = [];
      for (const order of orders) placed.push(await submitOne(http, log, order));
      return placed;
    },
    async reconcile(book) {
      const account = (await http("GET", "/v2/account")).body as AlpacaAccount;
      const held = (await http("GET", "/v2/positions")).body as AlpacaPosition[];
      const lines = [`alpaca account ${account.account_number} (${account.status}): cash ${account.cash}, equity ${account.equity}, buying power ${account.buying_power} ${account.currency}`];
      const ledger = new Map(book.positions.map((p) => [p.symbol, p.qty]));
      // Alpaca reports a short position with a negative qty.
      const broker = new Map(held.map((p) => [p.symbol, Number(p.qty)]));
      for (const symbol of [...new Set([...ledger.keys(), ...broker.keys()])].sort()) {
        const mine = ledger.get(symbol) ?? 0;
        const theirs = broker.get(symbol) ?? 0;
        if (Math.abs(mine - theirs) > 1e-9) lines.push(`position differs for ${symbol}: ledger ${mine}, alpaca ${theirs} (the account is shared, or orders were placed outside stockops)`);
      }
      return lines;
    },
    async settle(orders, context) {
      let book: Portfolio = context.portfolio;
      const bySide = [...orders].sort((a, b) => (a.side === b.side ? 0 : a.side === "sell" ? -1 : 1));
      const fills = new Map<string, Fill>();
      for (const order of bySide) {
        const fill = await settleOne(http, log, order, book, context.strategy);
        book = applyFills(book, [fill]);
        fills.set(order.client_order_id, fill);
      }
      return orders.map((order) => fills.get(order.client_order_id)!);
    },
  };
}

/**
 * Keys from APCA_API_KEY_ID / APCA_API_SECRET_KEY, masked before anything is logged. Live trading needs both
 * `alpaca_live = true` in branches.json and the confirming flag; anything else trades on the paper endpoint.
 */
export function alpacaBrokerFromEnv(
  env: NodeJS.ProcessEnv,
  team: Pick<TeamConfig, "alpaca_live">,
  options: { confirmLive: boolean; mask: (secret: string) => void; logger: Logger } & Partial<AlpacaOptions>,
): AlpacaBroker {
  const keyId = env.APCA_API_KEY_ID;
  const secretKey = env.APCA_API_SECRET_KEY;
  if (!keyId || !secretKey) {
    throw new ConfigError("the alpaca broker needs APCA_API_KEY_ID and APCA_API_SECRET_KEY (repository secrets) in the environment", { field: "broker" });
  }
  options.mask(keyId);
  options.mask(secretKey);
  const baseUrl = chooseEndpoint(env.APCA_API_BASE_URL, team.alpaca_live, options.confirmLive);
  options.logger.info(`alpaca: ${baseUrl === ALPACA_LIVE_URL ? "LIVE" : "paper"} endpoint ${baseUrl}`);
  return alpacaBroker({ ...options, keyId, secretKey, baseUrl });
}

export function chooseEndpoint(override: string | undefined, optedIn: boolean, confirmed: boolean): string {
  const wantsLive = optedIn || confirmed || (override !== undefined && new URL(override).host === new URL(ALPACA_LIVE_URL).host);
  if (wantsLive && !(optedIn && confirmed)) {
    throw new ConfigError(
      "live trading needs both alpaca_live = true for the team in branches.json and the confirming flag (--confirm-live / the workflow's confirm input)",
      { file: "branches.json", field: "alpaca_live" },
    );
  }
  if (optedIn && confirmed) return override ?? ALPACA_LIVE_URL;
  return override ?? ALPACA_PAPER_URL;
}

type Http = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

async function submitOne(http: Http, log: Logger, order: Order): Promise<Order> {
  const request = {
    symbol: order.symbol,
    qty: String(order.qty),
    side: order.side,
    type: "market",
    time_in_force: Number.isInteger(order.qty) ? "opg" : "day",
    client_order_id: order.client_order_id,
  };
  const response = await http("POST", "/v2/orders", request);
  if (response.status === 200) return withBrokerStatus(order, response.body as AlpacaOrder);
  if (response.status === 422 && isDuplicate(response.body)) {
    const existing = await lookUp(http, order.client_order_id);
    if (existing) {
      log.info(`alpaca: ${order.client_order_id} (${order.side} ${order.qty} ${order.symbol}) was already placed; reconciled with order ${existing.id}, status ${existing.status}`);
      return withBrokerStatus(order, existing);
    }
  }
  const reason = `alpaca answered ${response.status}: ${messageOf(response.body)}`;
  log.warn(`alpaca: ${order.side} ${order.qty} ${order.symbol} rejected (${reason})`);
  return { ...order, status: "rejected", reason };
}

function withBrokerStatus(order: Order, placed: AlpacaOrder): Order {
  if (placed.status === "rejected") return { ...order, status: "rejected", reason: "rejected by alpaca" };
  return { ...order, status: "accepted" };
}

async function settleOne(http: Http, log: Logger, order: Order, book: Portfolio, strategy: Parameters<typeof fillCosts>[5]): Promise<Fill> {
  let placed = await lookUp(http, order.client_order_id);
  if (!placed) return unfilled(order, "expired", "alpaca has no order with this client_order_id");
  if (["new", "accepted", "pending_new", "held", "partially_filled"].includes(placed.status)) {
    const response = await http("DELETE", `/v2/orders/${encodeURIComponent(placed.id)}`);
    log.warn(`alpaca: ${order.client_order_id} (${order.side} ${order.qty} ${order.symbol}) still ${placed.status} at settlement; the rest is canceled (answer ${response.status})`);
    placed = (await lookUp(http, order.client_order_id)) ?? placed;
  }
  const qty = Number(placed.filled_qty);
  const price = placed.filled_avg_price === null ? 0 : Number(placed.filled_avg_price);
  if (!(qty > 0)) {
    const status = placed.status === "rejected" ? "rejected" : placed.status === "expired" ? "expired" : "canceled";
    return unfilled(order, status, `alpaca status ${placed.status}, nothing filled`);
  }
  const partial = qty < order.qty;
  return {
    client_order_id: order.client_order_id,
    symbol: order.symbol,
    side: order.side,
    ordered_qty: order.qty,
    qty,
    price,
    status: partial ? "partially_filled" : "filled",
    ...(partial ? { reason: `alpaca filled ${qty} of ${order.qty} (status ${placed.status})` } : {}),
    ...fillCosts(book, order.symbol, order.side, qty, price, strategy),
  };
}

async function lookUp(http: Http, clientOrderId: string): Promise<AlpacaOrder | undefined> {
  const response = await http("GET", `/v2/orders:by_client_order_id?client_order_id=${encodeURIComponent(clientOrderId)}`);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new RemoteError(`alpaca order lookup ${clientOrderId} answered ${response.status}: ${messageOf(response.body)}`, { field: "client_order_id" });
  return response.body as AlpacaOrder;
}

function isDuplicate(body: unknown): boolean {
  return /client_order_id/i.test(messageOf(body));
}

function messageOf(body: unknown): string {
  if (body && typeof body === "object" && "message" in body) return String((body as { message: unknown }).message);
  return typeof body === "string" ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200) ?? "";
}

/** One request with retries: 429 and 5xx (honouring Retry-After), timeouts and network errors back off and try again. */
function alpacaHttp(options: AlpacaOptions): Http {
  const baseUrl = (options.baseUrl ?? ALPACA_PAPER_URL).replace(/\/$/, "");
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 4;
  const backoff = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (method, path, body) => {
    let problem = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) options.logger.warn(`alpaca: ${method} ${path.split("?")[0]} ${problem}; retry ${attempt} of ${retries}`);
      let wait = backoff * 2 ** attempt;
      try {
        const response = await doFetch(`${baseUrl}${path}`, {
          method,
          headers: { "APCA-API-KEY-ID": options.keyId, "APCA-API-SECRET-KEY": options.secretKey, ...(body ? { "content-type": "application/json" } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        if (response.status === 429 || response.status >= 500) {
          problem = `answered ${response.status}`;
          wait = Math.max(wait, Number(response.headers.get("retry-after") ?? 0) * 1000);
        } else {
          if (response.status === 401 || (response.status === 403 && path === "/v2/account")) {
            throw new RemoteError(`alpaca refused the keys (${response.status}); check APCA_API_KEY_ID / APCA_API_SECRET_KEY`, { field: "APCA_API_KEY_ID" });
          }
          return { status: response.status, body: parseBody(text) };
        }
      } catch (error) {
        if (error instanceof RemoteError) throw error;
        problem = (error as Error).name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : `failed (${(error as Error).message})`;
      }
      if (attempt < retries) await sleep(wait);
    }
    throw new RemoteError(`alpaca ${method} ${path.split("?")[0]} ${problem} after ${retries + 1} attempts`, { field: baseUrl });
  };
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
