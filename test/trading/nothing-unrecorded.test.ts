import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import trade from "../../src/cli/commands/trade.js";
import { runCli } from "../../src/cli/run-cli.js";
import { findEmbeddedDataset, resolveEmbeddedDataset } from "../../src/data/embedded-datasets.js";
import { parsePricesCsv } from "../../src/data/parse-prices-csv.js";
import type { PriceBar } from "../../src/data/price-series.js";
import { MissingRefError } from "../../src/errors.js";
import { memoryLogger, silentLogger } from "../../src/logger/logger.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { createTempRepo, gitCli, makeTempDir } from "../support/temp-repo.js";
import { branchesFor, fixedPrices, memoryLedgerStore, momentumChampions } from "./fakes.js";

const BRANCHES_JSON = JSON.stringify({
  teams: { red: { budget: 15000, currency: "EUR", broker: "paper" } },
  branches: [{ team: "red", symbol: "AAPL" }, { team: "red", symbol: "SPX" }],
});

async function embeddedBars(symbol: string): Promise<PriceBar[]> {
  const path = resolveEmbeddedDataset(findEmbeddedDataset(symbol));
  return [...parsePricesCsv(new Uint8Array(await readFile(path)), path).bars];
}

describe("trading records nothing that could not be done", () => {
  it("trade for a team whose model branches are absent refuses, naming them, and writes nothing", async () => {
    const checkout = await createTempRepo({ "branches.json": BRANCHES_JSON });
    const ledgerDir = await makeTempDir();
    const err: string[] = [];
    const args = ["trade", "--team", "red", "--date", "2018-02-12"];
    const code = await runCli(args, [trade], { cwd: checkout, out: () => {}, env: {}, logger: memoryLogger() }, (text) => err.push(text));
    const elsewhere = await runCli([...args, "--ledger-dir", ledgerDir], [trade], { cwd: checkout, out: () => {}, env: {}, logger: memoryLogger() }, () => {});
    expect([code, elsewhere]).toEqual([1, 1]);
    expect(err.join("")).toContain(
      `error: branches.json, field 'teams.red': red's model branches red/AAPL, red/SPX are not in ${checkout} (looked for each as a local branch and as origin/<branch>): nothing traded, nothing written (git fetch origin`,
    );
    // No ledger line, no portfolio/, no reports/leaderboard.md: not in the checkout, not in --ledger-dir.
    expect(await gitCli(checkout, ["status", "--porcelain", "--untracked-files=all"])).toBe("");
    expect(await readdir(ledgerDir)).toEqual([]);
  });

  it("a day on which no stock could be traded and one did not load is not written, and a later rerun trades it", async () => {
    const aapl = await embeddedBars("AAPL");
    // SPX has no bar on the day (as if its data stopped the day before); AAPL's champion is not fetched.
    const spx = (await embeddedBars("SPX")).filter((bar) => bar.date < "2018-02-12");
    const ledger = memoryLedgerStore();
    const common = { team: "red", branches: branchesFor({ red: ["AAPL", "SPX"] }), ledger, broker: paperBroker(), logger: silentLogger };
    const missing = new MissingRefError("red/AAPL not found as a branch, as origin/red/AAPL or as a tag; fetch it (and tags) first");
    const skipped = await runTrading({ ...common, date: "2018-02-12", champions: momentumChampions("2018-01-31", { "red/AAPL": missing }), prices: fixedPrices({ AAPL: aapl, SPX: spx }) });
    expect(skipped.written).toEqual([]);
    expect(skipped.stopped?.date).toBe("2018-02-12");
    expect(skipped.stopped?.reasons.map((reason) => reason.branch)).toEqual(["red/AAPL", "red/SPX"]);
    expect(ledger.writes).toBe(0);

    const rerun = await runTrading({ ...common, date: "2018-02-12", champions: momentumChampions("2018-01-31"), prices: fixedPrices({ AAPL: aapl, SPX: spx }) });
    expect(rerun.written).toEqual(["2018-02-12"]);
    expect(rerun.stopped).toBeUndefined();
    const [entry] = parseLedger(ledger.ledgers.get("red")!, "ledger/red.jsonl");
    expect(entry!.predictions.map((prediction) => prediction.symbol)).toEqual(["AAPL"]);
    expect(entry!.skipped).toEqual([{ symbol: "SPX", branch: "red/SPX", error: "no price for SPX on 2018-02-12" }]);
  });

  it("days before such a day are written, it and the days after are not", async () => {
    const aapl = await embeddedBars("AAPL");
    const spx = await embeddedBars("SPX");
    const ledger = memoryLedgerStore();
    const missing = new MissingRefError("red/SPX not found as a branch, as origin/red/SPX or as a tag; fetch it (and tags) first");
    // AAPL's prices stop after 2018-02-13: from 02-14 on, no stock can be traded and SPX did not load.
    const summary = await runTrading({
      team: "red",
      branches: branchesFor({ red: ["AAPL", "SPX"] }),
      from: "2018-02-12",
      to: "2018-02-16",
      ledger,
      broker: paperBroker(),
      logger: silentLogger,
      champions: momentumChampions("2018-01-31", { "red/SPX": missing }),
      prices: fixedPrices({ AAPL: aapl.filter((bar) => bar.date <= "2018-02-13"), SPX: spx }),
    });
    expect(summary.written).toEqual(["2018-02-12", "2018-02-13"]);
    expect(summary.stopped?.date).toBe("2018-02-14");
    expect(parseLedger(ledger.ledgers.get("red")!, "ledger/red.jsonl").map((entry) => entry.date)).toEqual(["2018-02-12", "2018-02-13"]);
  });
});
