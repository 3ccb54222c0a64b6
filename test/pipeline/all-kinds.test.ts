import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { MODEL_KINDS } from "../../src/config/model-config.js";
import { makeModelBranch } from "../support/model-branch.js";
import { realPrices, startYearsBeforeEnd } from "../support/real-prices.js";

/** The neural kinds get a short span and tiny nets so 15 trainings fit in a test run on two cores. */
const MODEL: Record<(typeof MODEL_KINDS)[number], (ticker: string) => [string, string]> = {
  naive: () => ['kind = "naive"', ""],
  ridge: () => ['kind = "ridge"', ""],
  mlp: (ticker) => ['kind = "mlp"\nepochs = 2\nhidden_units = [8]', startYearsBeforeEnd(ticker, 4.2)],
  lstm: (ticker) => ['kind = "lstm"\nepochs = 1\nunits = 4\nwindow = 5', startYearsBeforeEnd(ticker, 2.75)],
  gru: (ticker) => ['kind = "gru"\nepochs = 1\nunits = 4\nwindow = 5', startYearsBeforeEnd(ticker, 2.75)],
};

describe(`stockops run: every model kind on every ${realPrices.origin} ticker`, async () => {
  const commands = await loadCommands();
  for (const ticker of realPrices.tickers) {
    for (const kind of MODEL_KINDS) {
      it(`${kind} on ${ticker}`, async () => {
        const dir = await makeModelBranch(ticker, ...MODEL[kind](ticker));
        const out: string[] = [];
        const errors: string[] = [];
        const code = await runCli(["run", "--dir", dir], commands, { logger: memoryLogger(), out: (text) => out.push(text) }, (text) => errors.push(text));
        expect(errors.join("")).toBe("");
        expect(code).toBe(0);
        expect(out.join("")).toContain("skill vs naive");
        const metrics = JSON.parse(await readFile(join(dir, `models/${ticker}/metrics.json`), "utf8"));
        expect(metrics.model.kind).toBe(kind);
        expect(metrics.test.n).toBeGreaterThan(50);
        expect(await readFile(join(dir, `reports/${ticker}.md`), "utf8")).toContain(ticker);
      });
    }
  }
});
