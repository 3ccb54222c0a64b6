// Head and base sides for the PR report tests, built by the real evaluateRun on the hand-built
// fixture of test/evaluate/fixture.ts (13 days of closes), so every number is a real computed metric.
import { modelConfigSchema } from "../../src/config/model-config.js";
import { evaluateRun } from "../../src/evaluate/evaluate-run.js";
import type { ReportSide } from "../../src/report/render-pr-report.js";
import { fixtureInput } from "../evaluate/fixture.js";

export const HEAD_SHA = "5e3c1f9a0b7d2c4e6f8a1b3c5d7e9f0a2b4c6d8e";
export const BASE_SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

const returnsTo = (prices: number[], from: number[]) => Float64Array.from(prices, (price, i) => Math.log(price / from[i]!));

export function baseSide(): ReportSide {
  const { metrics, predictions } = evaluateRun(fixtureInput());
  const config = modelConfigSchema.parse({ symbol: "TEST", team: "red", model: { kind: "mlp" } });
  return { metrics, predictions, config: config as unknown as Record<string, unknown>, commit: BASE_SHA, branch: "red/TEST", dataVersion: "0c3f2e6f0e3e4f5a9b8c7d6e5f4a3b2c" };
}

/** A head whose predictions sit closer to the realized closes (101 → 102, …) and whose config changed. */
export function headSide(overrides: Partial<ReportSide> = {}): ReportSide {
  const input = fixtureInput();
  const config = modelConfigSchema.parse({ symbol: "TEST", team: "red", model: { kind: "mlp", hidden_units: [64, 32], epochs: 50 }, features: { lags: [1, 2, 5] } });
  const { metrics, predictions } = evaluateRun({
    ...input,
    config,
    test: { ...input.test, model: Float64Array.from([...returnsTo([101.5, 101.5, 104, 104.5, 107], [100, 102, 101, 105, 104]), 0.01]) },
  });
  return { metrics, predictions, config: config as unknown as Record<string, unknown>, commit: HEAD_SHA, branch: "exp/red/TEST/wider", dataVersion: "0c3f2e6f0e3e4f5a9b8c7d6e5f4a3b2c", ...overrides };
}

/** As evaluateGate words it (src/publish/promotion-gate.ts). */
export const PROMOTED = { promoted: true, reason: "promoted: skill_vs_naive 0.7083 > min 0; test MAE 0.7000 ≤ champion v3's 1.6000" };

/** Every section title the report must hold. */
export const SECTION_TITLES = [
  "### Metrics: head vs base",
  "### Baselines and skill",
  "### Backtest vs buy-and-hold",
  "### Config diff (`stockops.toml`)",
  "### Data version",
  "### Promotion verdict",
  "### Charts",
];
