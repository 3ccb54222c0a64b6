import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { makeModelBranch } from "../support/model-branch.js";
import { startYearsBeforeEnd } from "../support/real-prices.js";

async function modelBytes(dir: string, symbol: string): Promise<Record<string, string>> {
  const folder = join(dir, "models", symbol);
  const names = (await readdir(folder)).filter((name) => name !== "lineage.json").sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, (await readFile(join(folder, name))).toString("base64")])));
}

describe("determinism: same inputs and seed → identical metrics.json and weight bytes", () => {
  const cases = [
    ["ridge", 'kind = "ridge"', ""],
    ["mlp", 'kind = "mlp"\nepochs = 3\nhidden_units = [8]', startYearsBeforeEnd("AAPL", 5.2)],
    ["gru", 'kind = "gru"\nepochs = 2\nunits = 4\nwindow = 5', startYearsBeforeEnd("AAPL", 3.2)],
  ] as const;
  for (const [name, model, range] of cases) {
    it(name, async () => {
      const first = await makeModelBranch("AAPL", model, range);
      const second = await makeModelBranch("AAPL", model, range);
      await runPipeline({ dir: first, logger: memoryLogger() });
      await runPipeline({ dir: second, logger: memoryLogger() });
      expect(await modelBytes(second, "AAPL")).toEqual(await modelBytes(first, "AAPL"));
      const metrics = await readFile(join(first, "models/AAPL/metrics.json"), "utf8");
      expect(await readFile(join(second, "models/AAPL/metrics.json"), "utf8")).toBe(metrics);
    });
  }
});
