import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { branchesConfigSchema } from "../../src/config/branches-config.js";
import { GitError } from "../../src/errors.js";
import { PushRejectedError, type CommitFilesOptions, type GitRepo, type RefUpdate } from "../../src/gitops/git-repo.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { alpacaBroker } from "../../src/trading/brokers/alpaca-broker.js";
import { AlpacaStandIn } from "../../src/trading/brokers/alpaca-stand-in.js";
import type { Broker } from "../../src/trading/brokers/broker.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { fixedClock } from "../../src/trading/clock.js";
import { parseLedger, type LedgerStore } from "../../src/trading/ledger.js";
import type { Order } from "../../src/trading/portfolio.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { tradeAndPush } from "../../src/trading/trading-branch.js";
import { createTempRemote, gitCli, makeTempDir, TEST_AUTHOR, type TempRemote } from "../support/temp-repo.js";
import { branchesFor, fixedPrices, momentumChampions, syntheticBars } from "./fakes.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const keys = { keyId: "PKCRASHTEST00000", secretKey: "crash-secret" };
const SYMBOLS = ["AAPL", "MSFT", "IBM"];
const DAYS = ["2023-05-31", "2023-06-01", "2023-06-02", "2023-06-05"];

const BARS = syntheticBars(SYMBOLS);
const bar = (symbol: string, date: string) => BARS[symbol]!.find((b) => b.date === date)!;
const pricesOn = (date: string, field: "open" | "close") => Object.fromEntries(SYMBOLS.map((symbol) => [symbol, bar(symbol, date)[field]]));

class Killed extends Error {}

type CrashPoint = "after-first-order" | "after-all-orders" | "after-ledger" | "after-commit" | "after-push" | "push-fails";
const POINTS: CrashPoint[] = ["after-first-order", "after-all-orders", "after-ledger", "after-commit", "after-push", "push-fails"];

/** The broker with the process dying partway through placing the day's orders. */
function dyingBroker(inner: Broker, point: CrashPoint): Broker {
  if (point !== "after-first-order" && point !== "after-all-orders") return inner;
  return {
    ...inner,
    async submit(orders: readonly Order[]) {
      await inner.submit(point === "after-first-order" ? orders.slice(0, 1) : orders);
      throw new Killed(`killed ${point}`);
    },
  };
}

/** The trading clone with the process dying (or the remote refusing every push) between ledger and landing. */
function dyingRepo(inner: GitRepo, point: CrashPoint): GitRepo {
  return Object.assign(Object.create(inner) as GitRepo, {
    commitFiles: async (options: CommitFilesOptions) => {
      if (point === "after-ledger") throw new Killed("killed after the ledger day was computed");
      return inner.commitFiles(options);
    },
    pushAtomic: async (updates: readonly RefUpdate[]) => {
      if (point === "after-commit") throw new Killed("killed after the commit, before the push");
      if (point === "push-fails") throw new PushRejectedError("trading", "cannot lock ref 'refs/heads/trading'");
      await inner.pushAtomic(updates);
      if (point === "after-push") throw new Killed("killed after the push landed");
    },
  });
}

interface World {
  remote: TempRemote;
  clone: string;
  standIn: AlpacaStandIn | undefined;
  url: string;
  setNow(iso: string): void;
  broker(): Broker;
}

async function world(kind: "alpaca" | "paper"): Promise<World> {
  const remote = await createTempRemote({ "README.md": "trading\n" }, { branches: ["trading"] });
  cleanups.push(remote.cleanup);
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", "--branch", "trading", remote.url, "trader"]);
  let now = new Date("2023-05-31T22:41:00Z");
  const standIn = kind === "alpaca" ? new AlpacaStandIn(keys, { now: () => now, prices: pricesOn("2023-05-31", "close") }) : undefined;
  const url = standIn ? await standIn.start() : "";
  if (standIn) cleanups.push(() => standIn.stop());
  const logger = memoryLogger();
  return {
    remote,
    clone: join(parent, "trader"),
    standIn,
    url,
    setNow: (iso) => (now = new Date(iso)),
    broker: () => (kind === "alpaca" ? alpacaBroker({ ...keys, baseUrl: url, logger, backoffMs: 1 }) : paperBroker()),
  };
}

const branches = branchesFor({ red: SYMBOLS }, { max_weight: 0.4 });
const policy = { sleep: async () => {}, random: () => 0.5, maxAttempts: 3 };

async function runDay(w: World, date: string, repo: GitRepo, broker: Broker, config = branches) {
  w.setNow(`${date}T22:41:00Z`);
  w.standIn?.setPrices(pricesOn(date, "close"));
  const trade = (ledger: LedgerStore) =>
    runTrading({ team: "red", branches: config, champions: momentumChampions("2023-05-30"), prices: fixedPrices(BARS), ledger, broker, clock: fixedClock(`${date}T22:41:00Z`), logger: memoryLogger() });
  return tradeAndPush({ repo, team: "red", trade, author: TEST_AUTHOR, policy });
}

/** The next morning: the open fills what the broker queued. */
function openOn(w: World, date: string): void {
  w.setNow(`${date}T13:30:00Z`);
  w.standIn?.openMarket(pricesOn(date, "open"));
}

async function ledgerOnRemote(w: World) {
  return parseLedger(await gitCli(w.remote.bareDir, ["show", "trading:ledger/red.jsonl"]), "ledger/red.jsonl");
}

describe("exactly-once orders: a run dies between its orders and its ledger commit, the next day repairs it", () => {
  for (const kind of ["alpaca", "paper"] as const) {
    for (const point of POINTS) {
      it(`${kind}: killed ${point}, then two more trading days: broker positions = ledger positions, no client_order_id twice`, async () => {
        const w = await world(kind);
        const repo = openGitRepo({ dir: w.clone });
        const [before, first, second, third] = DAYS as [string, string, string, string];
        await runDay(w, before, repo, w.broker());
        openOn(w, first);

        const crashed = runDay(w, first, dyingRepo(repo, point), dyingBroker(w.broker(), point));
        if (point === "push-fails") await expect(crashed).rejects.toThrow(GitError);
        else await expect(crashed).rejects.toBeInstanceOf(Killed);
        await expect(crashed).rejects.not.toThrow(/force: true|use force|--force/i);

        openOn(w, second);
        await runDay(w, second, repo, w.broker());
        openOn(w, third);
        await runDay(w, third, repo, w.broker());

        const entries = await ledgerOnRemote(w);
        expect(entries.map((entry) => entry.date)).toEqual(DAYS);
        const day1 = entries[1]!;
        expect(day1.orders.length).toBeGreaterThan(0);
        const ids = entries.flatMap((entry) => entry.orders.map((order) => order.client_order_id));
        expect(new Set(ids).size).toBe(ids.length);
        if (w.standIn) {
          const placed = [...w.standIn.orders.values()].map((order) => order.client_order_id);
          expect(new Set(placed).size).toBe(placed.length);
          // Every order the broker holds is in the ledger, and none the ledger calls "not placed" is held.
          const recorded = new Map(entries.flatMap((entry) => entry.orders.map((order) => [order.client_order_id, order] as const)));
          for (const id of placed) expect(recorded.get(id)?.status).toBe("accepted");
          // The orders of the crashed day were placed (all or the first) and are settled on the next day, not lost.
          const settled = new Set(entries[2]!.fills.map((fill) => fill.client_order_id));
          for (const order of day1.orders.filter((o) => placed.includes(o.client_order_id))) expect(settled.has(order.client_order_id)).toBe(true);
          const broker = await (w.broker().positionsBySymbol!());
          // The third day's orders are queued, not filled: the ledger's book after day 3's open is what the account holds.
          expect(new Map(entries.at(-1)!.positions.map((p) => [p.symbol, p.qty]))).toEqual(broker);
        }
        if (kind === "paper") {
          // The paper book is the ledger: the crash left no trace, the days are exactly an uninterrupted run's.
          const clean = await world("paper");
          const cleanRepo = openGitRepo({ dir: clean.clone });
          for (const date of DAYS) await runDay(clean, date, cleanRepo, clean.broker());
          expect(await gitCli(w.remote.bareDir, ["show", "trading:ledger/red.jsonl"])).toBe(await gitCli(clean.remote.bareDir, ["show", "trading:ledger/red.jsonl"]));
        }
      });
    }
  }

  it("alpaca: a ledger day written by older code as 'not placed' while Alpaca holds its orders is settled from Alpaca the next day", async () => {
    const w = await world("alpaca");
    const repo = openGitRepo({ dir: w.clone });
    await runDay(w, DAYS[0]!, repo, w.broker());
    openOn(w, DAYS[1]!);
    // The torn state of issue 15: the orders went out, the ledger line says they did not.
    const inner = w.broker();
    const liar: Broker = {
      ...inner,
      async submit(orders) {
        await inner.submit(orders);
        return orders.map((order) => ({ ...order, status: "rejected" as const, reason: "not placed: alpaca takes orders only on the current trading date" }));
      },
    };
    await runDay(w, DAYS[1]!, repo, liar);
    expect((await ledgerOnRemote(w))[1]!.orders.every((order) => order.status === "rejected")).toBe(true);
    openOn(w, DAYS[2]!);

    await runDay(w, DAYS[2]!, repo, w.broker());

    const entries = await ledgerOnRemote(w);
    const torn = entries[1]!.orders.map((order) => order.client_order_id);
    expect(torn.length).toBeGreaterThan(0);
    expect(entries[2]!.fills.filter((fill) => torn.includes(fill.client_order_id)).map((fill) => fill.status)).toEqual(torn.map(() => "filled"));
    expect(new Map(entries[2]!.positions.map((p) => [p.symbol, p.qty]))).toEqual(await w.broker().positionsBySymbol!());
  });

  it("alpaca: a position the ledger cannot explain (an order placed by hand) stops the run before any order, naming it", async () => {
    const w = await world("alpaca");
    const repo = openGitRepo({ dir: w.clone });
    await runDay(w, DAYS[0]!, repo, w.broker());
    // Someone buys 7 IBM in the same account, outside stockops.
    w.setNow("2023-06-01T00:10:00Z");
    await postOrder(w, { symbol: "IBM", qty: "7", side: "buy", type: "market", time_in_force: "day", client_order_id: "by-hand-1" });
    openOn(w, DAYS[1]!);
    const before = w.standIn!.orders.size;
    await expect(runDay(w, DAYS[1]!, repo, w.broker())).rejects.toThrow(/the broker and the ledger disagree .*IBM: alpaca holds \d+(\.\d+)?, the ledger \d+(\.\d+)?.*no order placed, nothing written/);
    expect(w.standIn!.orders.size).toBe(before);
    expect((await ledgerOnRemote(w)).map((entry) => entry.date)).toEqual([DAYS[0]]);
    // With a second Alpaca team in branches.json the account is shared (one pair of keys): no positions check.
    const shared = branchesConfigSchema.parse({ ...branches, teams: { red: { ...branches.teams.red, broker: "alpaca" }, blue: { broker: "alpaca" } } });
    await runDay(w, DAYS[1]!, repo, w.broker(), shared);
    expect((await ledgerOnRemote(w)).map((entry) => entry.date)).toEqual([DAYS[0], DAYS[1]]);
  });
});

async function postOrder(w: World, order: Record<string, string>): Promise<void> {
  const response = await fetch(`${w.url}/v2/orders`, {
    method: "POST",
    headers: { "APCA-API-KEY-ID": keys.keyId, "APCA-API-SECRET-KEY": keys.secretKey, "content-type": "application/json" },
    body: JSON.stringify(order),
  });
  expect(response.status).toBe(200);
}

