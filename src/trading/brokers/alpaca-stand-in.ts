import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isTradingDay, newYorkParts } from "../market-calendar.js";
import type { AlpacaAccount, AlpacaOrder, AlpacaPosition } from "./alpaca-broker.js";

/** What the next matching request gets instead of normal service: an HTTP error (optionally with rate-limit headers), a non-JSON body, or a reply held back past the client's timeout. */
export type Fault = { status: number; retryAfter?: number; rateLimitReset?: number; body?: unknown } | { delayMs: number };

/** How the open treats a symbol's orders. */
export type FillRule = { kind: "full" } | { kind: "partial"; fraction: number } | { kind: "reject" };

export interface StandInAsset {
  fractionable: boolean;
  shortable: boolean;
  exchange: string;
}

export interface StandInOptions {
  startingCash?: number;
  /** The stand-in's clock (market hours, the OPG window and every timestamp); default the real time. */
  now?: () => Date;
  /** Tradable symbols; anything else is refused as an unknown asset. Default: a few large US stocks. */
  assets?: Record<string, StandInAsset>;
  /** Last price per symbol, for the buying-power check of market buys. */
  prices?: Record<string, number>;
  /** Positions the account starts with. */
  holdings?: Record<string, { qty: number; price: number }>;
  shortingEnabled?: boolean;
}

const NASDAQ = (fractionable = true): StandInAsset => ({ fractionable, shortable: true, exchange: "NASDAQ" });
const DEFAULT_ASSETS: Record<string, StandInAsset> = {
  AAPL: NASDAQ(), MSFT: NASDAQ(), GOOG: NASDAQ(), AMZN: NASDAQ(), NVDA: NASDAQ(), IBM: { fractionable: true, shortable: true, exchange: "NYSE" }, SPY: { fractionable: true, shortable: true, exchange: "ARCA" },
};

/**
 * Market buy orders are checked against buying power at a price above the last trade (Alpaca's order
 * documentation: "the limit price is 2.5% to 4% above the current market price" for market buys); the
 * stand-in takes the lower bound.
 */
const MARKET_BUY_COLLAR = 1.025;

/**
 * A local stand-in for the Alpaca trading API endpoints stockops uses: GET /v2/account, POST/GET
 * /v2/orders, GET/DELETE /v2/orders/{id}, GET /v2/orders:by_client_order_id, GET /v2/positions. Objects
 * carry every field of alpaca-py's Order, Position and TradeAccount models (alpaca-fields.ts), and the
 * refusals follow Alpaca's documentation: OPG orders after 9:28 and before 19:00 ET, fractional orders
 * other than market/limit `day`, fractional shorts, insufficient buying power or quantity (403), unknown
 * symbols, duplicate client_order_id (422). Orders sent outside market hours are "accepted" (queued)
 * until `openMarket` fills them; faults and fill rules are scripted by tests.
 */
export class AlpacaStandIn {
  readonly orders = new Map<string, AlpacaOrder>();
  /** Every request, as "METHOD path?query". */
  readonly requests: string[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly rules = new Map<string, FillRule>();
  private server: Server | undefined;
  private cash: number;
  private readonly holdings = new Map<string, { qty: number; cost: number }>();
  private readonly now: () => Date;
  private readonly assets: Record<string, StandInAsset>;
  private readonly prices = new Map<string, number>();
  private readonly accountId = randomUUID();
  private readonly createdAt: string;
  private readonly shortingEnabled: boolean;

  constructor(private readonly keys: { keyId: string; secretKey: string }, options: StandInOptions | number = {}) {
    const settings = typeof options === "number" ? { startingCash: options } : options;
    // Alpaca paper accounts start with $100,000.
    this.cash = settings.startingCash ?? 100_000;
    this.now = settings.now ?? (() => new Date());
    this.assets = settings.assets ?? DEFAULT_ASSETS;
    this.shortingEnabled = settings.shortingEnabled ?? false;
    for (const [symbol, price] of Object.entries(settings.prices ?? {})) this.prices.set(symbol, price);
    for (const [symbol, held] of Object.entries(settings.holdings ?? {})) {
      this.holdings.set(symbol, { qty: held.qty, cost: held.qty * held.price });
      this.prices.set(symbol, this.prices.get(symbol) ?? held.price);
    }
    this.createdAt = this.now().toISOString();
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues faults for "POST /v2/orders", "GET /v2/orders:by_client_order_id", "GET /v2/account", … */
  failNext(route: string, ...faults: Fault[]): void {
    this.faults.set(route, [...(this.faults.get(route) ?? []), ...faults]);
  }

  fillRule(symbol: string, rule: FillRule): void {
    this.rules.set(symbol, rule);
  }

  /** Sets last prices (the close), used for buying power and position values. */
  setPrices(prices: Record<string, number>): void {
    for (const [symbol, price] of Object.entries(prices)) this.prices.set(symbol, price);
  }

  /** The open: every queued order fills (or not) at the symbol's open price, by its rule, sells first. */
  openMarket(opens: Record<string, number>): void {
    const at = this.now().toISOString();
    const queued = [...this.orders.values()].filter((order) => ["new", "accepted", "pending_new"].includes(order.status) && opens[order.symbol!] !== undefined);
    queued.sort((a, b) => (a.side === b.side ? 0 : a.side === "sell" ? -1 : 1));
    for (const order of queued) {
      const symbol = order.symbol!;
      const rule = this.rules.get(symbol) ?? { kind: "full" };
      order.updated_at = at;
      if (rule.kind === "reject") {
        Object.assign(order, { status: "rejected", failed_at: at });
        continue;
      }
      const ordered = Number(order.qty);
      const qty = rule.kind === "full" ? ordered : Math.floor(ordered * rule.fraction);
      const price = opens[symbol]!;
      this.book(symbol, order.side === "buy" ? qty : -qty, price);
      Object.assign(order, {
        filled_qty: String(qty),
        filled_avg_price: qty > 0 ? String(price) : null,
        status: qty === ordered ? "filled" : qty > 0 ? "partially_filled" : "new",
        ...(qty === ordered ? { filled_at: at } : {}),
      });
    }
    this.setPrices(opens);
  }

  /** After the close: day orders still open expire (Alpaca cancels unfilled day orders after the closing auction). */
  closeMarket(): void {
    const at = this.now().toISOString();
    for (const order of this.orders.values()) {
      if (order.time_in_force === "day" && ["new", "partially_filled"].includes(order.status)) Object.assign(order, { status: "expired", expired_at: at, updated_at: at });
    }
  }

  private book(symbol: string, qty: number, price: number): void {
    this.cash -= qty * price;
    const held = this.holdings.get(symbol) ?? { qty: 0, cost: 0 };
    held.cost += qty * price;
    held.qty = Math.round((held.qty + qty) * 1e9) / 1e9;
    if (held.qty === 0) this.holdings.delete(symbol);
    else this.holdings.set(symbol, held);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const route = `${request.method} ${url.pathname}`;
    this.requests.push(`${route}${url.search}`);
    const body = await readBody(request);
    if (request.headers["apca-api-key-id"] !== this.keys.keyId || request.headers["apca-api-secret-key"] !== this.keys.secretKey) {
      return send(response, 401, { code: 40110000, message: "request is not authorized" });
    }
    const fault = this.faults.get(route)?.shift();
    if (fault && "status" in fault) {
      const payload = fault.body ?? { code: fault.status * 100_000, message: fault.status === 429 ? "rate limit exceeded" : fault.status === 403 ? "forbidden" : "internal server error" };
      return send(response, fault.status, payload, fault);
    }
    // A held-back reply still does the work: the order exists even though the client never hears so.
    const delay = fault && "delayMs" in fault ? fault.delayMs : 0;
    const [status, payload] = this.route(request.method ?? "GET", url, body);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!response.destroyed) send(response, status, payload);
  }

  private route(method: string, url: URL, body: string): [number, unknown] {
    if (method === "GET" && url.pathname === "/v2/account") return [200, this.account()];
    if (method === "GET" && url.pathname === "/v2/positions") return [200, this.positionList()];
    if (method === "POST" && url.pathname === "/v2/orders") return this.createOrder(body);
    if (method === "GET" && url.pathname === "/v2/orders") return this.listOrders(url.searchParams);
    if (method === "GET" && url.pathname === "/v2/orders:by_client_order_id") {
      const id = url.searchParams.get("client_order_id") ?? "";
      const order = [...this.orders.values()].find((candidate) => candidate.client_order_id === id);
      return order ? [200, order] : [404, { code: 40410000, message: "order not found" }];
    }
    const byId = /^\/v2\/orders\/([^/]+)$/.exec(url.pathname);
    const order = byId ? this.orders.get(decodeURIComponent(byId[1]!)) : undefined;
    if (byId && method === "GET") return order ? [200, order] : [404, { code: 40410000, message: "order not found" }];
    if (byId && method === "DELETE") {
      if (!order) return [404, { code: 40410000, message: "order not found" }];
      if (!["new", "accepted", "pending_new", "partially_filled"].includes(order.status)) return [422, { code: 42210000, message: `order is already in "${order.status}" state` }];
      const at = this.now().toISOString();
      Object.assign(order, { status: "canceled", canceled_at: at, updated_at: at });
      return [204, ""];
    }
    return [404, { code: 40400000, message: "endpoint not found" }];
  }

  private listOrders(query: URLSearchParams): [number, unknown] {
    const status = query.get("status") ?? "open";
    if (!["open", "closed", "all"].includes(status)) return [422, { code: 40010000, message: `invalid status "${status}"` }];
    const limit = Number(query.get("limit") ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return [422, { code: 40010000, message: "limit must be between 1 and 500" }];
    const after = query.get("after");
    const until = query.get("until");
    const open = (order: AlpacaOrder) => ["new", "accepted", "pending_new", "partially_filled", "held"].includes(order.status);
    let orders = [...this.orders.values()].filter((order) => status === "all" || (status === "open") === open(order));
    if (after) orders = orders.filter((order) => order.submitted_at! > new Date(after).toISOString());
    if (until) orders = orders.filter((order) => order.submitted_at! < new Date(until).toISOString());
    orders.sort((a, b) => (a.submitted_at! < b.submitted_at! ? -1 : a.submitted_at! > b.submitted_at! ? 1 : 0));
    if (query.get("direction") !== "asc") orders.reverse();
    return [200, orders.slice(0, limit)];
  }

  private createOrder(body: string): [number, unknown] {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return [400, { code: 40010000, message: "request body format is invalid" }];
    }
    const refusal = this.refuse(request);
    if (refusal) return refusal;
    const symbol = String(request.symbol);
    const now = this.now();
    const at = now.toISOString();
    const order: AlpacaOrder = {
      id: randomUUID(),
      client_order_id: typeof request.client_order_id === "string" && request.client_order_id ? request.client_order_id : randomUUID(),
      created_at: at, updated_at: at, submitted_at: at,
      filled_at: null, expired_at: null, expires_at: null, canceled_at: null, failed_at: null, replaced_at: null, replaced_by: null, replaces: null,
      asset_id: assetId(symbol), symbol, asset_class: "us_equity",
      notional: request.notional === undefined ? null : String(request.notional),
      qty: request.qty === undefined ? null : String(request.qty),
      filled_qty: "0", filled_avg_price: null, order_class: "", order_type: String(request.type), type: String(request.type),
      side: request.side as "buy" | "sell", time_in_force: String(request.time_in_force),
      limit_price: request.limit_price === undefined ? null : String(request.limit_price), stop_price: null,
      // Alpaca: "accepted" (received, not yet routed) is what orders show outside market hours.
      status: marketOpen(now) ? "new" : "accepted",
      extended_hours: request.extended_hours === true, legs: null, trail_percent: null, trail_price: null, hwm: null,
      position_intent: request.side === "buy" ? "buy_to_open" : "sell_to_close", ratio_qty: null,
    };
    if (order.qty === null) order.qty = String(Math.floor((Number(order.notional) / this.priceOf(symbol)) * 1e9) / 1e9);
    this.orders.set(order.id, order);
    return [200, order];
  }

  /** Alpaca's refusals of a new order, in the order its documentation gives them; undefined when it is accepted. */
  private refuse(request: Record<string, unknown>): [number, unknown] | undefined {
    const { symbol, qty, notional, side, type, time_in_force, client_order_id, limit_price } = request;
    const invalid = (message: string): [number, unknown] => [422, { code: 40010001, message }];
    if (typeof symbol !== "string" || !symbol) return invalid("symbol is required");
    if (side !== "buy" && side !== "sell") return invalid("side must be buy or sell");
    if (!["market", "limit", "stop", "stop_limit", "trailing_stop"].includes(String(type))) return invalid(`invalid order type "${String(type)}"`);
    if (!["day", "gtc", "opg", "cls", "ioc", "fok"].includes(String(time_in_force))) return invalid(`invalid time_in_force "${String(time_in_force)}"`);
    if ((qty === undefined) === (notional === undefined)) return [400, { code: 40010000, message: "qty or notional is required, not both" }];
    const amount = Number(qty ?? notional);
    if (!(amount > 0) || (typeof (qty ?? notional) !== "string" && typeof (qty ?? notional) !== "number")) return invalid("qty must be a positive number");
    if ((type === "limit" || type === "stop_limit") && !(Number(limit_price) > 0)) return invalid("limit_price is required for limit orders");
    if (typeof client_order_id === "string" && client_order_id.length > 128) return invalid("client_order_id must be no more than 128 characters");
    if (typeof client_order_id === "string" && [...this.orders.values()].some((order) => order.client_order_id === client_order_id)) return invalid("client_order_id must be unique");
    const asset = this.assets[symbol];
    if (!asset) return invalid(`asset "${symbol}" not found`);
    const fractional = notional !== undefined || !Number.isInteger(amount);
    if (fractional && !asset.fractionable) return invalid(`asset ${symbol} is not fractionable`);
    if (fractional && (time_in_force !== "day" || !["market", "limit", "stop", "stop_limit"].includes(String(type)))) return invalid("fractional orders must be DAY orders");
    if (time_in_force === "opg" && inOpgBlackout(this.now())) return invalid("OPG orders are accepted only before 9:28am or after 7:00pm ET");
    const price = this.priceOf(symbol);
    if (side === "sell") {
      const held = this.holdings.get(symbol)?.qty ?? 0;
      const heldForOrders = this.openQty(symbol, "sell");
      const available = Math.max(0, held - heldForOrders);
      const shares = qty === undefined ? amount / price : amount;
      if (shares > available + 1e-9) {
        if (fractional) return [403, { code: 40310000, message: "fractional orders cannot be sold short" }];
        if (!this.shortingEnabled || !asset.shortable) {
          return [403, { code: 40310000, available: String(available), existing_qty: String(held), held_for_orders: String(heldForOrders), symbol, message: `insufficient qty available for order (requested: ${shares}, available: ${available})` }];
        }
      }
      return undefined;
    }
    const cost = (qty === undefined ? amount : amount * (type === "market" ? price * MARKET_BUY_COLLAR : Number(limit_price)));
    const buyingPower = this.buyingPower();
    if (cost > buyingPower + 1e-9) return [403, { code: 40310000, buying_power: buyingPower.toFixed(2), cost_basis: cost.toFixed(2), message: "insufficient buying power" }];
    return undefined;
  }

  private priceOf(symbol: string): number {
    return this.prices.get(symbol) ?? 100;
  }

  private openQty(symbol: string, side: "buy" | "sell"): number {
    return [...this.orders.values()]
      .filter((order) => order.symbol === symbol && order.side === side && ["new", "accepted", "pending_new", "partially_filled"].includes(order.status))
      .reduce((sum, order) => sum + Number(order.qty) - Number(order.filled_qty), 0);
  }

  /** A cash account (multiplier 1): cash less what open buy orders would cost. */
  private buyingPower(): number {
    const reserved = [...this.orders.values()]
      .filter((order) => order.side === "buy" && ["new", "accepted", "pending_new", "partially_filled"].includes(order.status))
      .reduce((sum, order) => sum + (Number(order.qty) - Number(order.filled_qty)) * (order.limit_price ? Number(order.limit_price) : this.priceOf(order.symbol!) * MARKET_BUY_COLLAR), 0);
    return Math.max(0, this.cash - reserved);
  }

  private account(): AlpacaAccount {
    const long = [...this.holdings].filter(([, held]) => held.qty > 0).reduce((sum, [symbol, held]) => sum + held.qty * this.priceOf(symbol), 0);
    const short = [...this.holdings].filter(([, held]) => held.qty < 0).reduce((sum, [symbol, held]) => sum + held.qty * this.priceOf(symbol), 0);
    const equity = this.cash + long + short;
    const money = (value: number) => value.toFixed(2);
    return {
      id: this.accountId, account_number: "PA0STANDIN", status: "ACTIVE", crypto_status: "INACTIVE", currency: "USD",
      buying_power: money(this.buyingPower()), regt_buying_power: money(this.buyingPower()), daytrading_buying_power: "0", non_marginable_buying_power: money(this.buyingPower()),
      cash: money(this.cash), accrued_fees: "0", pending_transfer_out: null, pending_transfer_in: "0", portfolio_value: money(equity),
      pattern_day_trader: false, trading_blocked: false, transfers_blocked: false, account_blocked: false, created_at: this.createdAt,
      trade_suspended_by_user: false, multiplier: "1", shorting_enabled: this.shortingEnabled, equity: money(equity), last_equity: money(equity),
      long_market_value: money(long), short_market_value: money(short), initial_margin: "0", maintenance_margin: "0", last_maintenance_margin: "0",
      sma: "0", daytrade_count: 0, options_buying_power: money(this.buyingPower()), options_approved_level: 0, options_trading_level: 0,
    };
  }

  private positionList(): AlpacaPosition[] {
    return [...this.holdings].sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, held]) => {
      const price = this.priceOf(symbol);
      const value = held.qty * price;
      const pl = value - held.cost;
      return {
        asset_id: assetId(symbol), symbol, exchange: this.assets[symbol]?.exchange ?? "NASDAQ", asset_class: "us_equity", asset_marginable: true,
        avg_entry_price: (held.cost / held.qty).toFixed(4), qty: String(held.qty), side: held.qty > 0 ? "long" : "short",
        market_value: value.toFixed(2), cost_basis: held.cost.toFixed(2), unrealized_pl: pl.toFixed(2), unrealized_plpc: (pl / Math.abs(held.cost || 1)).toFixed(6),
        unrealized_intraday_pl: "0", unrealized_intraday_plpc: "0", current_price: String(price), lastday_price: String(price), change_today: "0",
        swap_rate: null, avg_entry_swap_rate: null, usd: null, qty_available: String(held.qty - this.openQty(symbol, "sell")),
      };
    });
  }
}

/** Stable per symbol, as Alpaca's asset ids are. */
function assetId(symbol: string): string {
  const hex = createHash("sha256").update(`asset:${symbol}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Regular trading hours, 9:30–16:00 ET on an NYSE trading day. */
export function marketOpen(now: Date): boolean {
  const { date, minutes } = newYorkParts(now);
  return isTradingDay(date) && minutes >= 9 * 60 + 30 && minutes < 16 * 60;
}

/** alpaca-py TimeInForce.OPG: "OPG orders submitted after 9:28am but before 7:00pm ET will be rejected." */
export function inOpgBlackout(now: Date): boolean {
  const { minutes } = newYorkParts(now);
  return minutes > 9 * 60 + 28 && minutes < 19 * 60;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => resolve(text));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, payload: unknown, fault?: { retryAfter?: number; rateLimitReset?: number }): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (fault?.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
  if (fault?.rateLimitReset !== undefined) {
    headers["x-ratelimit-limit"] = "200";
    headers["x-ratelimit-remaining"] = "0";
    headers["x-ratelimit-reset"] = String(fault.rateLimitReset);
  }
  response.writeHead(status, headers);
  response.end(status === 204 ? undefined : typeof payload === "string" ? payload : JSON.stringify(payload));
}
