import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AlpacaAccount, AlpacaOrder, AlpacaPosition } from "./alpaca-broker.js";

/** What the next matching request gets instead of normal service: an HTTP error, or a reply held back past the client's timeout. */
export type Fault = { status: number; retryAfter?: number } | { delayMs: number };

/** How the opening auction treats a symbol's orders. */
export type FillRule = { kind: "full" } | { kind: "partial"; fraction: number } | { kind: "reject" };

/**
 * A local stand-in for the Alpaca trading API endpoints stockops uses, with Alpaca's documented request
 * and response shapes: GET /v2/account, POST /v2/orders, GET /v2/orders:by_client_order_id,
 * DELETE /v2/orders/{id}, GET /v2/positions. Faults and fill rules are scripted by tests.
 */
export class AlpacaStandIn {
  readonly orders = new Map<string, AlpacaOrder>();
  /** Every request, as "METHOD path". */
  readonly requests: string[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly rules = new Map<string, FillRule>();
  private server: Server | undefined;
  private cash: number;
  private readonly holdings = new Map<string, { qty: number; cost: number }>();

  constructor(private readonly keys: { keyId: string; secretKey: string }, startingCash = 15_000) {
    this.cash = startingCash;
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

  /** The opening auction: every open order fills (or not) at the symbol's open price, by its rule. */
  openMarket(opens: Record<string, number>): void {
    for (const order of this.orders.values()) {
      if (order.status !== "new" || opens[order.symbol] === undefined) continue;
      const rule = this.rules.get(order.symbol) ?? { kind: "full" };
      if (rule.kind === "reject") {
        order.status = "rejected";
        continue;
      }
      const ordered = Number(order.qty);
      const qty = rule.kind === "full" ? ordered : Math.floor(ordered * rule.fraction);
      const price = opens[order.symbol]!;
      this.book(order.symbol, order.side === "buy" ? qty : -qty, price);
      order.filled_qty = String(qty);
      order.filled_avg_price = qty > 0 ? String(price) : null;
      order.status = qty === ordered ? "filled" : qty > 0 ? "partially_filled" : "new";
    }
  }

  private book(symbol: string, qty: number, price: number): void {
    this.cash -= qty * price;
    const held = this.holdings.get(symbol) ?? { qty: 0, cost: 0 };
    held.cost += qty * price;
    held.qty += qty;
    if (held.qty === 0) this.holdings.delete(symbol);
    else this.holdings.set(symbol, held);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const route = `${request.method} ${url.pathname}`;
    this.requests.push(`${route}${url.search}`);
    const body = await readBody(request);
    if (request.headers["apca-api-key-id"] !== this.keys.keyId || request.headers["apca-api-secret-key"] !== this.keys.secretKey) {
      return send(response, 401, { message: "request is not authorized" });
    }
    const fault = this.faults.get(route)?.shift();
    if (fault && "status" in fault) {
      return send(response, fault.status, { code: fault.status * 100_000, message: fault.status === 429 ? "rate limit exceeded" : "internal server error" }, fault.retryAfter);
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
    if (method === "GET" && url.pathname === "/v2/orders:by_client_order_id") {
      const id = url.searchParams.get("client_order_id") ?? "";
      const order = [...this.orders.values()].find((candidate) => candidate.client_order_id === id);
      return order ? [200, order] : [404, { code: 40410000, message: "order not found" }];
    }
    const cancel = /^\/v2\/orders\/([^/]+)$/.exec(url.pathname);
    if (method === "DELETE" && cancel) {
      const order = this.orders.get(decodeURIComponent(cancel[1]!));
      if (!order) return [404, { code: 40410000, message: "order not found" }];
      if (order.status !== "new" && order.status !== "partially_filled") return [422, { code: 42210000, message: `order is ${order.status} and can not be canceled` }];
      order.status = "canceled";
      return [204, ""];
    }
    return [404, { code: 40400000, message: "endpoint not found" }];
  }

  private createOrder(body: string): [number, unknown] {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return [400, { code: 40010000, message: "request body format is invalid" }];
    }
    const { symbol, qty, side, type, time_in_force, client_order_id } = request;
    if (typeof symbol !== "string" || typeof qty !== "string" || !(Number(qty) > 0) || (side !== "buy" && side !== "sell")) {
      return [422, { code: 40010000, message: "invalid order: symbol, qty (a positive number as a string) and side are required" }];
    }
    if (type !== "market" || !["day", "opg"].includes(String(time_in_force))) {
      return [422, { code: 40010000, message: `unsupported type ${String(type)} / time_in_force ${String(time_in_force)}` }];
    }
    const clientOrderId = typeof client_order_id === "string" && client_order_id ? client_order_id : randomUUID();
    if (clientOrderId.length > 128) return [422, { code: 40010000, message: "client_order_id must be no more than 128 characters" }];
    if ([...this.orders.values()].some((order) => order.client_order_id === clientOrderId)) {
      return [422, { code: 40010001, message: "client_order_id must be unique" }];
    }
    const order: AlpacaOrder = {
      id: randomUUID(), client_order_id: clientOrderId, symbol, side, qty, filled_qty: "0", filled_avg_price: null, type: "market",
      time_in_force: String(time_in_force), status: "new",
    };
    this.orders.set(order.id, order);
    return [200, order];
  }

  private account(): AlpacaAccount {
    const equity = this.cash + [...this.holdings.values()].reduce((sum, held) => sum + held.cost, 0);
    return { account_number: "PA0STANDIN", status: "ACTIVE", currency: "USD", cash: this.cash.toFixed(2), equity: equity.toFixed(2), buying_power: this.cash.toFixed(2) };
  }

  private positionList(): AlpacaPosition[] {
    return [...this.holdings].sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, held]) => ({
      symbol, qty: String(held.qty), side: held.qty > 0 ? "long" : "short", avg_entry_price: (held.cost / held.qty).toFixed(4), market_value: held.cost.toFixed(2),
    }));
  }
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

function send(response: ServerResponse, status: number, payload: unknown, retryAfter?: number): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  response.writeHead(status, headers);
  response.end(status === 204 ? undefined : JSON.stringify(payload));
}
