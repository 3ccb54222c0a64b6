import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { alpacaBroker } from "../../src/trading/brokers/alpaca-broker.js";
import {
  ACCOUNT_FIELDS, ACCOUNT_REQUIRED, ORDER_FIELDS, ORDER_REQUIRED, ORDER_STATUSES, POSITION_FIELDS, POSITION_REQUIRED,
} from "../../src/trading/brokers/alpaca-fields.js";
import { AlpacaStandIn, type StandInOptions } from "../../src/trading/brokers/alpaca-stand-in.js";
import { fixedClock } from "../../src/trading/clock.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { branchesFor, fixedPrices, memoryLedgerStore, momentumChampions, syntheticBars } from "./fakes.js";

const keys = { keyId: "PKSHAPES00000000", secretKey: "shape-secret" };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function serve(options: StandInOptions & { at?: string } = {}) {
  let now = new Date(options.at ?? "2024-03-04T22:41:00Z");
  const standIn = new AlpacaStandIn(keys, { prices: { AAPL: 175, MSFT: 415, IBM: 190 }, ...options, now: () => now });
  const url = await standIn.start();
  stops.push(() => standIn.stop());
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { "APCA-API-KEY-ID": keys.keyId, "APCA-API-SECRET-KEY": keys.secretKey, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return { standIn, url, call, setNow: (iso: string) => (now = new Date(iso)) };
}

/** Exactly the model's fields, the non-Optional ones present and non-null (alpaca-py's pydantic models; facts in alpaca-fields.ts). */
function expectShape(object: unknown, fields: readonly string[], required: readonly string[]): void {
  expect(Object.keys(object as object).sort()).toEqual([...fields].sort());
  for (const field of required) expect((object as Record<string, unknown>)[field], field).not.toBeNull();
}

const market = (symbol: string, qty: string | number, extra: Record<string, unknown> = {}) => ({ symbol, qty, side: "buy", type: "market", time_in_force: "day", ...extra });

describe("the Alpaca stand-in answers with alpaca-py's model fields", () => {
  it("orders (POST, GET list, GET by id, by client_order_id), positions and the account carry exactly the recorded fields", async () => {
    const { call, standIn } = await serve();
    const created = await call("POST", "/v2/orders", market("AAPL", "2", { client_order_id: "shape-1" }));
    expect(created.status).toBe(200);
    expectShape(created.body, ORDER_FIELDS, ORDER_REQUIRED);
    expect(ORDER_STATUSES).toContain(created.body!.status);
    const id = created.body!.id as string;
    const list = await call("GET", "/v2/orders?status=all&limit=500&direction=asc");
    expect(Array.isArray(list.body)).toBe(true);
    for (const order of list.body as unknown as unknown[]) expectShape(order, ORDER_FIELDS, ORDER_REQUIRED);
    expectShape((await call("GET", `/v2/orders/${id}`)).body, ORDER_FIELDS, ORDER_REQUIRED);
    expectShape((await call("GET", "/v2/orders:by_client_order_id?client_order_id=shape-1")).body, ORDER_FIELDS, ORDER_REQUIRED);
    standIn.openMarket({ AAPL: 176 });
    const positions = (await call("GET", "/v2/positions")).body as unknown as unknown[];
    expect(positions).toHaveLength(1);
    expectShape(positions[0], POSITION_FIELDS, POSITION_REQUIRED);
    expect(positions[0]).toMatchObject({ symbol: "AAPL", qty: "2", side: "long", cost_basis: "352.00", asset_class: "us_equity", exchange: "NASDAQ" });
    expectShape((await call("GET", "/v2/account")).body, ACCOUNT_FIELDS, ACCOUNT_REQUIRED);
  });

  it("refuses what Alpaca refuses: OPG between 9:28 and 19:00 ET, fractional non-day orders, fractional shorts, short sales without shares, unknown symbols", async () => {
    const { call, setNow } = await serve();
    // 22:41 UTC = 17:41 EST, when trade.yml runs.
    expect((await call("POST", "/v2/orders", market("AAPL", "1", { time_in_force: "opg" }))).status).toBe(422);
    setNow("2024-03-05T00:30:00Z"); // 19:30 EST: queued for the next opening auction
    expect((await call("POST", "/v2/orders", market("AAPL", "1", { time_in_force: "opg" }))).body).toMatchObject({ status: "accepted", time_in_force: "opg" });
    expect((await call("POST", "/v2/orders", market("AAPL", "0.5", { time_in_force: "opg" }))).status).toBe(422);
    expect((await call("POST", "/v2/orders", market("AAPL", "0.5", { time_in_force: "gtc" }))).body).toMatchObject({ message: "fractional orders must be DAY orders" });
    expect((await call("POST", "/v2/orders", { ...market("IBM", "0.5"), side: "sell" })).body).toMatchObject({ message: "fractional orders cannot be sold short" });
    expect((await call("POST", "/v2/orders", { ...market("IBM", "3"), side: "sell" }))).toMatchObject({ status: 403, body: { message: "insufficient qty available for order (requested: 3, available: 0)" } });
    expect((await call("POST", "/v2/orders", market("ZZZZ", "1"))).status).toBe(422);
    // What Alpaca also takes: qty as a number, notional, limit with a price, whole-share gtc.
    expect((await call("POST", "/v2/orders", market("MSFT", 1))).status).toBe(200);
    expect((await call("POST", "/v2/orders", { symbol: "MSFT", notional: "100", side: "buy", type: "market", time_in_force: "day" })).body).toMatchObject({ notional: "100", qty: expect.any(String) });
    expect((await call("POST", "/v2/orders", market("MSFT", "1", { type: "limit", limit_price: "400", time_in_force: "gtc" }))).status).toBe(200);
    expect((await call("POST", "/v2/orders", market("MSFT", "1", { type: "limit" }))).status).toBe(422);
  });

  it("checks buying power (cash less open buy orders) and reports status by market hours", async () => {
    const { call, setNow } = await serve({ startingCash: 1_000 });
    expect(await call("POST", "/v2/orders", market("AAPL", "5"))).toMatchObject({ status: 200, body: { status: "accepted" } });
    // 5 × 175 × 1.025 = 896.88 reserved; another 1 share does not fit in the rest.
    expect(await call("POST", "/v2/orders", market("AAPL", "1"))).toMatchObject({ status: 403, body: { message: "insufficient buying power" } });
    expect((await call("GET", "/v2/account")).body).toMatchObject({ cash: "1000.00", buying_power: "103.13" });
    setNow("2024-03-05T15:00:00Z"); // 10:00 EST, regular hours
    expect((await call("POST", "/v2/orders", market("AAPL", "0.1"))).body).toMatchObject({ status: "new" });
  });
});

describe("acceptance: the daily run at 22:41 UTC against the stand-in with the OPG window and buying power enforced", () => {
  it("places market day orders that are accepted, fill at the next open, and match the ledger", async () => {
    const symbols = ["AAPL", "MSFT", "IBM"];
    const bars = syntheticBars(symbols, "2023-10-02", "2024-03-29");
    const closeOn = (date: string) => Object.fromEntries(symbols.map((s) => [s, bars[s]!.find((b) => b.date === date)!.close]));
    const openOn = (date: string) => Object.fromEntries(symbols.map((s) => [s, bars[s]!.find((b) => b.date === date)!.open]));
    const { standIn, url, setNow } = await serve({ at: "2024-03-04T22:41:00Z", prices: closeOn("2024-03-04") });
    const ledger = memoryLedgerStore();
    const logger = memoryLogger();
    const run = (date: string) => {
      setNow(`${date}T22:41:00Z`);
      standIn.setPrices(closeOn(date));
      return runTrading({
        team: "red", branches: branchesFor({ red: symbols }, { max_weight: 0.4 }), champions: momentumChampions("2024-02-29"), prices: fixedPrices(bars),
        ledger, broker: alpacaBroker({ ...keys, baseUrl: url, logger, backoffMs: 1 }), clock: fixedClock(`${date}T22:41:00Z`), logger,
      });
    };

    const days = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"];
    for (const [index, date] of days.entries()) {
      if (index > 0) {
        setNow(`${date}T14:30:00Z`);
        standIn.openMarket(openOn(date));
      }
      await run(date);
    }

    const entries = parseLedger(ledger.ledgers.get("red")!, "ledger/red.jsonl");
    expect(entries.map((e) => e.date)).toEqual(days);
    const placed = [...standIn.orders.values()];
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.every((order) => order.time_in_force === "day" && order.type === "market")).toBe(true);
    expect(standIn.requests.filter((r) => r === "POST /v2/orders")).toHaveLength(placed.length);
    for (const entry of entries) for (const order of entry.orders) expect(order).toMatchObject({ status: "accepted" });
    // Every order but the last day's filled at the next day's open, at that open, as the ledger says.
    for (const [index, entry] of entries.slice(0, -1).entries()) {
      const next = entries[index + 1]!;
      for (const order of entry.orders) {
        const fill = next.fills.find((f) => f.client_order_id === order.client_order_id)!;
        const atBroker = placed.find((o) => o.client_order_id === order.client_order_id)!;
        expect(atBroker.status).toBe("filled");
        expect(fill).toMatchObject({ status: "filled", qty: Number(atBroker.filled_qty), price: openOn(next.date)[order.symbol] });
      }
    }
    expect(placed.filter((o) => o.status === "accepted").map((o) => o.client_order_id).sort()).toEqual(entries.at(-1)!.orders.map((o) => o.client_order_id).sort());
    const held = await alpacaBroker({ ...keys, baseUrl: url, logger }).positionsBySymbol!();
    expect(new Map(entries.at(-1)!.positions.map((p) => [p.symbol, p.qty]))).toEqual(held);
  });
});
