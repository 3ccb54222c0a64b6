import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL_CONFIG_FILE, readModelConfig } from "../../src/config/read-model-config.js";
import { loadPriceSeries } from "../../src/data/load-price-series.js";
import { StockopsError } from "../../src/errors.js";
import { BAD_INPUT_CASES, writeCase, type BadInputCase } from "../fixtures/bad-input/cases.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "stockops-bad-input-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function errorOf(badCase: BadInputCase, dir: string): Promise<unknown> {
  await writeCase(dir, badCase);
  try {
    const config = await readModelConfig(join(dir, MODEL_CONFIG_FILE));
    await loadPriceSeries(config, dir);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("bad-input corpus (issue 2, acceptance 6)", () => {
  it("holds at least 25 cases with distinct names", () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(BAD_INPUT_CASES.map((badCase) => badCase.name)).size).toBe(BAD_INPUT_CASES.length);
  });

  it.each(BAD_INPUT_CASES.map((badCase, index) => [badCase.name, index] as const))("%s → one StockopsError naming where and what was expected", async (_name, index) => {
    const badCase = BAD_INPUT_CASES[index]!;
    const dir = join(root, `case-${index}`);
    const error = await errorOf(badCase, dir);
    expect(error).toBeInstanceOf(StockopsError);
    const message = (error as StockopsError).message;
    expect(message).not.toContain("\n");
    expect(message).toMatch(/expected/);
    for (const pattern of badCase.expect) expect(message).toMatch(pattern);
  });
});
