import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { MODEL_KINDS } from "../../src/config/model-config.js";
import { makeModelBranch } from "../support/model-branch.js";
import { SHARED_TICKERS } from "../support/shared-prices.js";

/** The neural kinds get a short span and tiny nets so 15 trainings fit in a test run on two cores. */
const MODEL: Record<(typeof MODEL_KINDS)[number], [string, string]> = {
  naive: ['kind = "naive"', ""],
  ridge: ['kind = "ridge"', ""],
  mlp: ['kind = "mlp"\nepochs = 2\nhidden_units = [8]', 'start = "2020-01-01"'],
  lstm: ['kind = "lstm"\nepochs = 1\nunits = 4\nwindow = 5', 'start = "2021-06-01"'],
  gru: ['kind = "gru"\nepochs = 1\nunits = 4\nwindow = 5', 'start = "2021-06-01"'],
};

describe("stockops run: every model kind on every shared ticker", async () => {
  const commands = await loadCommands();
  for (const ticker of SHARED_TICKERS) {
    for (const kind of MODEL_KINDS) {
      it(`${kind} on ${ticker}`, async () => {
        const dir = await makeModelBranch(ticker, ...MODEL[kind]);
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
