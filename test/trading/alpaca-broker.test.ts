import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { strategySchema } from "../../src/config/branches-config.js";
import { ConfigError, RemoteError } from "../../src/errors.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { applyFills } from "../../src/trading/apply-fills.js";
import { ALPACA_LIVE_URL, ALPACA_PAPER_URL, alpacaBroker, alpacaBrokerFromEnv, chooseEndpoint, rateLimitWait } from "../../src/trading/brokers/alpaca-broker.js";
import { AlpacaStandIn } from "../../src/trading/brokers/alpaca-stand-in.js";
import { planOrders } from "../../src/trading/plan-orders.js";
import type { Portfolio } from "../../src/trading/portfolio.js";
import { describeWithShared } from "../support/real-prices.js";

const keys = { keyId: "PKTESTKEY0000000", secretKey: "secret-value-never-printed" };
const strategy = strategySchema.parse({});
const start: Portfolio = { cash_cents: 1_500_000, positions: [{ symbol: "IBM", qty: 10, cost_cents: 150_000 }] };

function plan() {
  // AAPL and MSFT bought, IBM (predicted down) sold, to fill at the open of 2024-03-05.
  return planOrders({
    team: "red", date: "2024-03-04", fillDate: "2024-03-05", portfolio: start,
    predictions: new Map([["AAPL", 0.02], ["MSFT", 0.01], ["IBM", -0.01]]),
    closes: new Map([["AAPL", 175], ["MSFT", 415], ["IBM", 190]]), strategy,
  });
}

describe("alpaca broker against the local stand-in", () => {
  let standIn: AlpacaStandIn;
  let url: string;
  const logger = memoryLogger();
  const broker = () => alpacaBroker({ ...keys, baseUrl: url, logger, backoffMs: 1, timeoutMs: 1500 });

  beforeEach(async () => {
    logger.lines.length = 0;
    // 2024-03-04 17:41 EST, when trade.yml runs; the account holds the ledger's 10 IBM.
    standIn = new AlpacaStandIn(keys, { now: () => new Date("2024-03-04T22:41:00Z"), holdings: { IBM: { qty: 10, price: 150 } }, prices: { AAPL: 175, MSFT: 415, IBM: 190 } });
    url = await standIn.start();
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it("submits market day orders after the close (queued, 'accepted') with deterministic client_order_ids and settles them at the open", async () => {
    const orders = plan();
    const placed = await broker().submit(orders);
    expect(placed.map((o) => o.status)).toEqual(["accepted", "accepted", "accepted"]);
    const sent = [...standIn.orders.values()];
    expect(sent.map((o) => [o.client_order_id, o.time_in_force, o.type, o.status])).toEqual(orders.map((o) => [o.client_order_id, "day", "market", "accepted"]));
    standIn.openMarket({ AAPL: 176, MSFT: 414, IBM: 189 });
    const fills = await broker().settle(placed, { date: "2024-03-05", opens: new Map(), portfolio: start, strategy });
    expect(fills.map((f) => [f.symbol, f.status, f.qty, f.price])).toEqual(orders.map((o) => [o.symbol, "filled", o.qty, { AAPL: 176, MSFT: 414, IBM: 189 }[o.symbol]]));
    const after = applyFills(start, fills);
    expect(after.cash_cents).toBeGreaterThanOrEqual(0);
    expect(await broker().account()).toMatchObject({ status: "ACTIVE", currency: "USD" });
    expect((await broker().positions()).map((p) => p.symbol)).toEqual(["AAPL", "MSFT"]);
    expect(await broker().positionsBySymbol!()).toEqual(new Map(after.positions.map((p) => [p.symbol, p.qty])));
  });

  it("a submit repeated (a rerun) places no second order: 422 duplicate is reconciled by lookup", async () => {
    const orders = plan();
    await broker().submit(orders);
    const again = await broker().submit(orders);
    expect(again.map((o) => o.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(standIn.orders.size).toBe(3);
    expect(logger.lines.filter((line) => line.includes("already placed; reconciled"))).toEqual(orders.map((o) => expect.stringContaining(o.client_order_id)));
  });

  it("422 duplicate followed by a 404 lookup is reconciled from GET /v2/orders, never recorded as rejected while live", async () => {
    const orders = plan();
    await broker().submit(orders);
    for (const _ of orders) standIn.failNext("GET /v2/orders:by_client_order_id", { status: 404, body: { code: 40410000, message: "order not found" } });
    const again = await broker().submit(orders);
    expect(again.map((o) => o.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(standIn.requests.filter((r) => r.startsWith("GET /v2/orders?")).length).toBe(orders.length);
    // Neither lookup finds it yet (eventual consistency): still live, recorded as accepted, settled from the broker later.
    standIn.failNext("GET /v2/orders:by_client_order_id", { status: 404, body: { code: 40410000, message: "order not found" } });
    standIn.failNext("GET /v2/orders", { status: 200, body: [] });
    const [first] = await broker().submit(orders.slice(0, 1));
    expect(first).toMatchObject({ status: "accepted", reason: expect.stringContaining("already used") });
    expect(standIn.orders.size).toBe(3);
  });

  it("error bodies that are not the documented array or object are RemoteErrors naming the endpoint, not crashes", async () => {
    standIn.failNext("GET /v2/positions", { status: 403, body: { code: 40310000, message: "forbidden" } });
    await expect(broker().positionsBySymbol!()).rejects.toThrow(/alpaca GET \/v2\/positions answered 403 with forbidden; expected a JSON array/);
    standIn.failNext("GET /v2/positions", { status: 200, body: { message: "not a list" } });
    await expect(broker().reconcile!(start)).rejects.toThrow(RemoteError);
    standIn.failNext("GET /v2/orders", { status: 200, body: "<html>gateway</html>" });
    await expect(broker().findOrders!(["x"], "2024-03-04")).rejects.toThrow(/GET \/v2\/orders answered 200 with <html>gateway<\/html>; expected a JSON array/);
  });

  it("403 insufficient buying power and 422 bodies are recorded as rejected with Alpaca's message; unknown symbols too", async () => {
    const poor = new AlpacaStandIn(keys, { startingCash: 1_000, now: () => new Date("2024-03-04T22:41:00Z"), prices: { AAPL: 175 } });
    const poorUrl = await poor.start();
    try {
      const client = alpacaBroker({ ...keys, baseUrl: poorUrl, logger, backoffMs: 1 });
      const [big, unknown] = await client.submit([
        { client_order_id: "so-big", symbol: "AAPL", side: "buy", qty: 100, decided_on: "2024-03-04", fill_date: "2024-03-05", status: "accepted" },
        { client_order_id: "so-unknown", symbol: "ZZZZ", side: "buy", qty: 1, decided_on: "2024-03-04", fill_date: "2024-03-05", status: "accepted" },
      ]);
      expect(big).toMatchObject({ status: "rejected", reason: "alpaca answered 403 (refused: buying power or quantity): insufficient buying power" });
      expect(unknown).toMatchObject({ status: "rejected", reason: 'alpaca answered 422: asset "ZZZZ" not found' });
      expect(poor.orders.size).toBe(0);
    } finally {
      await poor.stop();
    }
  });

  it("429 waits until X-RateLimit-Reset (Alpaca's rate-limit header), capped at a minute", async () => {
    const waits: number[] = [];
    const reset = Math.ceil(Date.now() / 1000) + 3;
    standIn.failNext("GET /v2/account", { status: 429, rateLimitReset: reset });
    const client = alpacaBroker({ ...keys, baseUrl: url, logger, backoffMs: 1, sleep: async (ms) => void waits.push(ms) });
    await client.account();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThanOrEqual(4_000);
    expect(rateLimitWait(new Headers({ "x-ratelimit-reset": "2000000000" }), 1_000_000_000_000)).toBe(60_000);
    expect(rateLimitWait(new Headers({ "retry-after": "2" }), 0)).toBe(2_000);
  });

  it("429 and 500 are retried with backoff; a reply lost to a timeout is not placed twice", async () => {
    const orders = plan();
    standIn.failNext("POST /v2/orders", { status: 429, retryAfter: 0 }, { status: 500 }, { delayMs: 2500 });
    const placed = await broker().submit(orders);
    expect(placed.map((o) => o.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(standIn.orders.size).toBe(3);
    const posts = standIn.requests.filter((r) => r === "POST /v2/orders").length;
    expect(posts).toBe(3 + 3);
    expect(logger.lines.some((l) => l.includes("answered 429; retry 1"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("answered 500; retry 2"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("timed out after 1500 ms; retry 3"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("already placed; reconciled"))).toBe(true);
  });

  it("gives up with a RemoteError when the server keeps failing", async () => {
    standIn.failNext("GET /v2/account", { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await expect(broker().account()).rejects.toThrow(RemoteError);
    await expect(alpacaBroker({ ...keys, secretKey: "wrong", baseUrl: url, logger }).account()).rejects.toThrow(/refused the keys/);
  });

  it("records partial fills and rejections so the ledger stays consistent", async () => {
    const orders = plan();
    standIn.fillRule("AAPL", { kind: "partial", fraction: 0.5 });
    standIn.fillRule("MSFT", { kind: "reject" });
    const placed = await broker().submit(orders);
    standIn.openMarket({ AAPL: 176, MSFT: 414, IBM: 189 });
    const fills = await broker().settle(placed, { date: "2024-03-05", opens: new Map(), portfolio: start, strategy });
    const aapl = fills.find((f) => f.symbol === "AAPL")!;
    const msft = fills.find((f) => f.symbol === "MSFT")!;
    const aaplOrder = orders.find((o) => o.symbol === "AAPL")!;
    expect(aapl).toMatchObject({ status: "partially_filled", qty: Math.floor(aaplOrder.qty * 0.5), price: 176 });
    expect(msft).toMatchObject({ status: "rejected", qty: 0, value_cents: 0 });
    // The unfilled rest of AAPL was canceled at Alpaca, so nothing fills later behind the ledger's back.
    expect([...standIn.orders.values()].find((o) => o.symbol === "AAPL")!.status).toBe("canceled");
    const after = applyFills(start, fills);
    const aaplHeld = after.positions.find((p) => p.symbol === "AAPL")!.qty;
    expect(aaplHeld).toBe(aapl.qty);
    expect(after.positions.some((p) => p.symbol === "MSFT")).toBe(false);
    expect(after.cash_cents).toBe(start.cash_cents - aapl.value_cents + fills.find((f) => f.symbol === "IBM")!.value_cents);
  });

  it("masks the keys before logging and uses the paper endpoint unless live is opted in and confirmed", () => {
    const masked: string[] = [];
    const env = { APCA_API_KEY_ID: keys.keyId, APCA_API_SECRET_KEY: keys.secretKey };
    const log = memoryLogger();
    alpacaBrokerFromEnv(env, { alpaca_live: false }, { confirmLive: false, mask: (s) => masked.push(s), logger: log });
    expect(masked).toEqual([keys.keyId, keys.secretKey]);
    expect(log.lines.join("\n")).toContain(ALPACA_PAPER_URL);
    expect(log.lines.join("\n")).not.toContain(keys.secretKey);
    expect(chooseEndpoint(undefined, false, false)).toBe(ALPACA_PAPER_URL);
    expect(chooseEndpoint(undefined, true, true)).toBe(ALPACA_LIVE_URL);
    expect(() => chooseEndpoint(undefined, true, false)).toThrow(ConfigError);
    expect(() => chooseEndpoint(undefined, false, true)).toThrow(ConfigError);
    expect(() => chooseEndpoint(ALPACA_LIVE_URL, false, false)).toThrow(/live trading needs both/);
    expect(() => alpacaBrokerFromEnv({}, { alpaca_live: false }, { confirmLive: false, mask: () => {}, logger: log })).toThrow(/APCA_API_KEY_ID/);
  });
});

// Needs three tickers that all rose on 2023-06-01 (the embedded prices have two).
describeWithShared("runTrading with the alpaca broker (stand-in)", () => {
  it("day 1 places orders once, day 2 records partial fills and rejections; reruns change neither Alpaca nor the ledger", async () => {
    const { runTrading } = await import("../../src/trading/run-trading.js");
    const { parseLedger } = await import("../../src/trading/ledger.js");
    const { csvDirectoryPriceSource } = await import("../../src/trading/price-source.js");
    const { PRICES_DIR, branchesFor, memoryLedgerStore, momentumChampions } = await import("./fakes.js");
    const { fixedClock } = await import("../../src/trading/clock.js");
    const standIn = new AlpacaStandIn(keys);
    const url = await standIn.start();
    try {
      const logger = memoryLogger();
      const prices = csvDirectoryPriceSource(PRICES_DIR);
      const ledger = memoryLedgerStore();
      const options = { team: "red", branches: branchesFor({ red: ["AAPL", "MSFT", "IBM"] }, { max_weight: 0.5 }), champions: momentumChampions(), prices, ledger, broker: alpacaBroker({ ...keys, baseUrl: url, logger, backoffMs: 1 }), logger };
      // 2023-06-01: AAPL, MSFT and IBM all rose, so the momentum model buys all three.
      const at = (iso: string) => ({ clock: fixedClock(iso) });
      await runTrading({ ...options, ...at("2023-06-01T21:30:00Z"), date: "2023-06-01" });
      const day1 = parseLedger(ledger.ledgers.get("red")!, "red.jsonl")[0]!;
      expect(day1.orders.map((o) => [o.symbol, o.side, o.status])).toEqual([["AAPL", "buy", "accepted"], ["IBM", "buy", "accepted"], ["MSFT", "buy", "accepted"]]);
      expect(standIn.orders.size).toBe(3);

      standIn.fillRule("AAPL", { kind: "partial", fraction: 0.5 });
      standIn.fillRule("MSFT", { kind: "reject" });
      const opens = Object.fromEntries(await Promise.all(["AAPL", "MSFT", "IBM"].map(async (s) => [s, (await prices.bars({ team: "red", symbol: s })).find((b) => b.date === "2023-06-02")!.open])));
      standIn.failNext("GET /v2/orders:by_client_order_id", { status: 429 }, { status: 502 });
      standIn.openMarket(opens);
      await runTrading({ ...options, ...at("2023-06-02T21:30:00Z"), date: "2023-06-02" });
      const text = ledger.ledgers.get("red")!;
      const day2 = parseLedger(text, "red.jsonl")[1]!;
      const byFill = Object.fromEntries(day2.fills.map((f) => [f.symbol, f]));
      const ordered = Object.fromEntries(day1.orders.map((o) => [o.symbol, o.qty]));
      expect(byFill.AAPL).toMatchObject({ status: "partially_filled", qty: Math.floor(ordered.AAPL! * 0.5), price: opens.AAPL });
      expect(byFill.MSFT).toMatchObject({ status: "rejected", qty: 0 });
      expect(byFill.IBM).toMatchObject({ status: "filled", qty: ordered.IBM, price: opens.IBM });
      expect(day2.positions.map((p) => [p.symbol, p.qty])).toEqual([["AAPL", byFill.AAPL!.qty], ["IBM", ordered.IBM]]);
      const spent = (byFill.AAPL!.value_cents + byFill.IBM!.value_cents) / 100;
      expect(day2.cash).toBeCloseTo(15_000 - spent, 2);
      expect(day2.cash).toBeGreaterThanOrEqual(0);

      const ordersBefore = standIn.orders.size;
      await runTrading({ ...options, ...at("2023-06-02T22:00:00Z"), date: "2023-06-02" });
      await runTrading({ ...options, ...at("2023-06-02T22:00:00Z"), date: "2023-06-01" });
      expect(ledger.ledgers.get("red")).toBe(text);
      expect(standIn.orders.size).toBe(ordersBefore);

      // The run of 06-05 was missed; the run of 06-06 records 06-05 without placing its orders, then trades 06-06.
      await runTrading({ ...options, ...at("2023-06-06T21:30:00Z") });
      const [, , missed, today] = parseLedger(ledger.ledgers.get("red")!, "red.jsonl");
      expect(missed!.date).toBe("2023-06-05");
      expect(missed!.orders.length).toBeGreaterThan(0);
      expect(missed!.orders.every((o) => o.status === "rejected" && o.reason?.startsWith("not placed"))).toBe(true);
      expect(today!.date).toBe("2023-06-06");
      expect(today!.fills).toEqual([]);
      expect(today!.orders.every((o) => o.status === "accepted")).toBe(true);
      expect(standIn.orders.size).toBe(ordersBefore + today!.orders.length);
      expect(logger.lines.some((l) => l.includes("answered 429; retry 1"))).toBe(true);
      expect(logger.lines.some((l) => l.includes("still partially_filled at settlement; the rest is canceled"))).toBe(true);
      expect(logger.lines.some((l) => l.startsWith("alpaca account PA0STANDIN (ACTIVE): cash"))).toBe(true);
      expect(logger.lines.some((l) => l.includes("position differs"))).toBe(false);
    } finally {
      await standIn.stop();
    }
  });
});
