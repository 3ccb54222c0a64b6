import { ConfigError, RemoteError } from "../../errors.js";
import type { TeamConfig } from "../../config/branches-config.js";
import type { Logger } from "../../logger/logger.js";
import { applyFills, fillCosts } from "../apply-fills.js";
import type { Fill, Order, Portfolio } from "../portfolio.js";
import type { Broker, BrokerOrder } from "./broker.js";
import { FINAL_STATUSES } from "./alpaca-fields.js";
import { unfilled } from "./paper-broker.js";

export const ALPACA_PAPER_URL = "https://paper-api.alpaca.markets";
export const ALPACA_LIVE_URL = "https://api.alpaca.markets";

type Nullable<T> = T | null;

/** Alpaca's order object, every field of alpaca-py's `Order` model (numbers arrive as strings). */
export interface AlpacaOrder {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  filled_at: Nullable<string>;
  expired_at: Nullable<string>;
  expires_at: Nullable<string>;
  canceled_at: Nullable<string>;
  failed_at: Nullable<string>;
  replaced_at: Nullable<string>;
  replaced_by: Nullable<string>;
  replaces: Nullable<string>;
  asset_id: Nullable<string>;
  symbol: Nullable<string>;
  asset_class: Nullable<string>;
  notional: Nullable<string>;
  qty: Nullable<string>;
  filled_qty: Nullable<string>;
  filled_avg_price: Nullable<string>;
  order_class: string;
  order_type: Nullable<string>;
  type: Nullable<string>;
  side: "buy" | "sell";
  time_in_force: string;
  limit_price: Nullable<string>;
  stop_price: Nullable<string>;
  status: string;
  extended_hours: boolean;
  legs: Nullable<AlpacaOrder[]>;
  trail_percent: Nullable<string>;
  trail_price: Nullable<string>;
  hwm: Nullable<string>;
  position_intent: Nullable<string>;
  ratio_qty: Nullable<string>;
}

/** alpaca-py `TradeAccount`. */
export interface AlpacaAccount {
  id: string;
  account_number: string;
  status: string;
  crypto_status: Nullable<string>;
  currency: Nullable<string>;
  buying_power: Nullable<string>;
  regt_buying_power: Nullable<string>;
  daytrading_buying_power: Nullable<string>;
  non_marginable_buying_power: Nullable<string>;
  cash: Nullable<string>;
  accrued_fees: Nullable<string>;
  pending_transfer_out: Nullable<string>;
  pending_transfer_in: Nullable<string>;
  portfolio_value: Nullable<string>;
  pattern_day_trader: Nullable<boolean>;
  trading_blocked: Nullable<boolean>;
  transfers_blocked: Nullable<boolean>;
  account_blocked: Nullable<boolean>;
  created_at: Nullable<string>;
  trade_suspended_by_user: Nullable<boolean>;
  multiplier: Nullable<string>;
  shorting_enabled: Nullable<boolean>;
  equity: Nullable<string>;
  last_equity: Nullable<string>;
  long_market_value: Nullable<string>;
  short_market_value: Nullable<string>;
  initial_margin: Nullable<string>;
  maintenance_margin: Nullable<string>;
  last_maintenance_margin: Nullable<string>;
  sma: Nullable<string>;
  daytrade_count: Nullable<number>;
  options_buying_power: Nullable<string>;
  options_approved_level: Nullable<number>;
  options_trading_level: Nullable<number>;
}

/** alpaca-py `Position`. */
export interface AlpacaPosition {
  asset_id: string;
  symbol: string;
  exchange: string;
  asset_class: string;
  asset_marginable: Nullable<boolean>;
  avg_entry_price: string;
  qty: string;
  side: "long" | "short";
  market_value: Nullable<string>;
  cost_basis: string;
  unrealized_pl: Nullable<string>;
  unrealized_plpc: Nullable<string>;
  unrealized_intraday_pl: Nullable<string>;
  unrealized_intraday_plpc: Nullable<string>;
  current_price: Nullable<string>;
  lastday_price: Nullable<string>;
  change_today: Nullable<string>;
  swap_rate: Nullable<string>;
  avg_entry_swap_rate: Nullable<string>;
  usd: Nullable<Record<string, unknown>>;
  qty_available: Nullable<string>;
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

/**
 * Orders go out after the close as market `day` orders, which Alpaca queues ("accepted") for the next
 * trading day's open; whole and fractional quantities alike (docs/decisions/0019: `opg` is refused
 * between 9:28 and 19:00 ET, exactly when trade.yml runs).
 */
export function alpacaBroker(options: AlpacaOptions): AlpacaBroker {
  const http = alpacaHttp(options);
  const log = options.logger;
  return {
    name: "alpaca",
    account: async () => objectBody<AlpacaAccount>(await http("GET", "/v2/account"), "GET /v2/account"),
    positions: async () => arrayBody<AlpacaPosition>(await http("GET", "/v2/positions"), "GET /v2/positions"),
    async findOrders(ids, since) {
      const wanted = new Set(ids);
      const found = new Map<string, BrokerOrder>();
      for (const order of await listOrders(http, since)) if (wanted.has(order.client_order_id)) found.set(order.client_order_id, brokerOrder(order));
      return found;
    },
    async positionsBySymbol() {
      const held = arrayBody<AlpacaPosition>(await http("GET", "/v2/positions"), "GET /v2/positions");
      // Alpaca reports a short position with a negative qty.
      return new Map(held.map((p) => [p.symbol, Number(p.qty)]));
    },
    async submit(orders) {
      const placed: Order[] = [];
      for (const order of orders) placed.push(await submitOne(http, log, order));
      return placed;
    },
    async reconcile(book) {
      const account = objectBody<AlpacaAccount>(await http("GET", "/v2/account"), "GET /v2/account");
      const held = arrayBody<AlpacaPosition>(await http("GET", "/v2/positions"), "GET /v2/positions");
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
    time_in_force: "day",
    client_order_id: order.client_order_id,
  };
  const response = await http("POST", "/v2/orders", request);
  if (response.status === 200) return withBrokerStatus(order, objectBody<AlpacaOrder>(response, "POST /v2/orders"));
  if (response.status === 422 && isDuplicate(response.body)) {
    const existing = (await lookUp(http, order.client_order_id)) ?? (await listOrders(http, order.decided_on)).find((o) => o.client_order_id === order.client_order_id);
    if (existing) {
      log.info(`alpaca: ${order.client_order_id} (${order.side} ${order.qty} ${order.symbol}) was already placed; reconciled with order ${existing.id}, status ${existing.status}`);
      return withBrokerStatus(order, existing);
    }
    // Alpaca says the id is taken, so an order exists: it is live until the broker says otherwise, and the next run settles it from the broker.
    log.warn(`alpaca: ${order.client_order_id} (${order.side} ${order.qty} ${order.symbol}) is already at alpaca (422 duplicate) but not readable yet; recorded as accepted and settled from alpaca`);
    return { ...order, status: "accepted", reason: "alpaca reported the client_order_id as already used; the order could not be read back yet" };
  }
  const reason = `alpaca answered ${response.status}${response.status === 403 ? " (refused: buying power or quantity)" : ""}: ${messageOf(response.body)}`;
  log.warn(`alpaca: ${order.side} ${order.qty} ${order.symbol} rejected (${reason})`);
  return { ...order, status: "rejected", reason };
}

/** Every order placed since `since` (YYYY-MM-DD), any status, through GET /v2/orders pages of up to 500 (oldest first). */
async function listOrders(http: Http, since: string): Promise<AlpacaOrder[]> {
  const orders = new Map<string, AlpacaOrder>();
  let after = `${since}T00:00:00Z`;
  for (let page = 0; page < 1_000; page += 1) {
    const query = new URLSearchParams({ status: "all", direction: "asc", limit: "500", after, nested: "false" });
    const batch = arrayBody<AlpacaOrder>(await http("GET", `/v2/orders?${query}`), "GET /v2/orders");
    for (const order of batch) orders.set(order.id, order);
    const next = batch.at(-1)?.submitted_at ?? batch.at(-1)?.created_at;
    if (batch.length < 500 || !next || next === after) break;
    after = next;
  }
  return [...orders.values()];
}

function brokerOrder(order: AlpacaOrder): BrokerOrder {
  return { client_order_id: order.client_order_id, symbol: order.symbol ?? "", side: order.side, qty: Number(order.qty ?? order.filled_qty), status: order.status, filled_qty: Number(order.filled_qty ?? 0) };
}

/** A 2xx answer whose body is the JSON array the endpoint documents; anything else (a 403's error object) is a RemoteError naming it. */
function arrayBody<T>(response: { status: number; body: unknown }, what: string): T[] {
  if (response.status === 200 && Array.isArray(response.body)) return response.body as T[];
  throw new RemoteError(`alpaca ${what} answered ${response.status} with ${Array.isArray(response.body) ? "an array" : messageOf(response.body) || "no body"}; expected a JSON array`, { field: what });
}

function objectBody<T>(response: { status: number; body: unknown }, what: string): T {
  if (response.status === 200 && response.body !== null && typeof response.body === "object" && !Array.isArray(response.body)) return response.body as T;
  throw new RemoteError(`alpaca ${what} answered ${response.status} with ${messageOf(response.body) || "no body"}; expected a JSON object`, { field: what });
}

function withBrokerStatus(order: Order, placed: AlpacaOrder): Order {
  if (placed.status === "rejected") return { ...order, status: "rejected", reason: "rejected by alpaca" };
  const qty = Number(placed.qty);
  return { ...order, ...(Number.isFinite(qty) && qty > 0 ? { qty } : {}), status: "accepted" };
}

/**
 * Every alpaca-py OrderStatus has its place: a final one (filled, canceled, expired, replaced, rejected,
 * done_for_day) is read as it is; any other (new, accepted, pending_new, partially_filled, held, …) is
 * still working a day after it was meant to fill, so the rest is canceled and the order read again.
 */
async function settleOne(http: Http, log: Logger, order: Order, book: Portfolio, strategy: Parameters<typeof fillCosts>[5]): Promise<Fill> {
  let placed = await lookUp(http, order.client_order_id);
  if (!placed) return unfilled(order, "expired", "alpaca has no order with this client_order_id");
  if (!FINAL_STATUSES.has(placed.status)) {
    const response = await http("DELETE", `/v2/orders/${encodeURIComponent(placed.id)}`);
    log.warn(`alpaca: ${order.client_order_id} (${order.side} ${order.qty} ${order.symbol}) still ${placed.status} at settlement; the rest is canceled (answer ${response.status})`);
    placed = (await lookUp(http, order.client_order_id)) ?? placed;
  }
  const qty = Number(placed.filled_qty ?? 0);
  const price = placed.filled_avg_price === null ? 0 : Number(placed.filled_avg_price);
  if (!(qty > 0)) {
    const status = placed.status === "rejected" ? "rejected" : placed.status === "expired" || placed.status === "done_for_day" ? "expired" : "canceled";
    return unfilled(order, status, `alpaca status ${placed.status}, nothing filled`);
  }
  const ordered = Number(placed.qty ?? order.qty);
  const partial = qty < ordered;
  return {
    client_order_id: order.client_order_id,
    symbol: order.symbol,
    side: order.side,
    ordered_qty: ordered,
    qty,
    price,
    status: partial ? "partially_filled" : "filled",
    ...(partial ? { reason: `alpaca filled ${qty} of ${ordered} (status ${placed.status})` } : {}),
    ...fillCosts(book, order.symbol, order.side, qty, price, strategy),
  };
}

async function lookUp(http: Http, clientOrderId: string): Promise<AlpacaOrder | undefined> {
  const response = await http("GET", `/v2/orders:by_client_order_id?client_order_id=${encodeURIComponent(clientOrderId)}`);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new RemoteError(`alpaca order lookup ${clientOrderId} answered ${response.status}: ${messageOf(response.body)}`, { field: "client_order_id" });
  return objectBody<AlpacaOrder>(response, "GET /v2/orders:by_client_order_id");
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
          wait = Math.max(wait, rateLimitWait(response.headers, Date.now()));
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

/**
 * How long the server asked to be left alone: Retry-After (seconds), or Alpaca's X-RateLimit-Reset (the
 * Unix time, in seconds, when the request budget refills), capped at a minute.
 */
export function rateLimitWait(headers: Headers, nowMs: number): number {
  const retryAfter = Number(headers.get("retry-after") ?? 0) * 1000;
  const reset = headers.get("x-ratelimit-reset");
  const untilReset = reset !== null && Number.isFinite(Number(reset)) ? Number(reset) * 1000 - nowMs : 0;
  return Math.min(60_000, Math.max(0, retryAfter, untilReset));
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
