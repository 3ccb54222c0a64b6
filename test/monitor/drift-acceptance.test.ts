import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { featureNames } from "../../src/features/build-feature-table.js";
import { featuresSection } from "../../src/config/model-config.js";
import { parseBranchesConfig } from "../../src/config/read-branches-config.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { memoryLogger } from "../../src/logger/logger.js";
import type { DriftMeasurement } from "../../src/monitor/drift.js";
import { parseMonitorLog } from "../../src/monitor/monitor-log.js";
import { runMonitor } from "../../src/monitor/run-monitor.js";
import { gitCli } from "../support/temp-repo.js";
import { createMonitorWorld, monitorSymbol, pricesFolder, startStandIn, worldSources, type MonitorWorld } from "./monitor-world.js";
import { injectRegimeChange } from "./regime-change.js";

// The last 1,500 real days of MSFT (2018–2024; the embedded AAPL, 2013–2018, without ../shared). The regime change starts 310 days before the end, so the whole
// 250-day monitor window lies inside it; the champion's train reference (the first 70 %) is untouched.
const SYMBOL = monitorSymbol("MSFT");
const WINDOW = 250;
const CHANGED_DAYS = WINDOW + 60;
const ALL = featureNames(featuresSection.parse({}));
const RETURN_LAGS = ALL.filter((name) => name.startsWith("ret_lag_"));
const MA_RATIOS = ALL.filter((name) => name.startsWith("ma_ratio_"));
const VOLATILITY = ALL.filter((name) => name.startsWith("vol_"));
const UNTOUCHED_BY_ANY = ALL.filter((name) => name.startsWith("dow_") || name.startsWith("volume_z_"));

/** The measured figures, for the record (the assertions above do not depend on them). */
function report(label: string, drift: DriftMeasurement): void {
  const figures = drift.features.map((f) => `${f.drifted ? "*" : ""}${f.feature} ${f.psi.toFixed(2)}/${f.ks.toFixed(2)}`).join(", ");
  console.log(`drift ${label} (PSI/KS, * = drifted): ${figures}`);
}

let world: MonitorWorld;
beforeAll(async () => {
  world = await createMonitorWorld({ symbol: SYMBOL, rows: 1500, teams: ["red", "blue", "green"] });
}, 120_000);
afterAll(async () => world?.cleanup());

async function monitorOn(bars: Parameters<typeof pricesFolder>[1], branch: string) {
  const { standIn, github } = await startStandIn();
  try {
    const branches = parseBranchesConfig(await readFile(join(world.mainDir, "branches.json"), "utf8"));
    const logger = memoryLogger();
    const summary = await runMonitor({ branches, sources: worldSources(world, await pricesFolder(SYMBOL, bars)), github, only: [branch], clock: { now: () => new Date("2026-11-23T22:00:00Z") }, logger });
    const repo = standIn.state.repos.get("acme/stockops")!;
    return { summary, dispatches: [...repo.dispatches], issues: [...repo.issues.values()], logger };
  } finally {
    await standIn.close();
  }
}

describe("acceptance 1: drift on an injected regime change, through runMonitor against a real origin and the GitHub stand-in", () => {
  it("the unchanged real series: nothing drifts, nothing is dispatched, no issue is opened", async () => {
    const { summary, dispatches, issues } = await monitorOn(world.bars, `green/${SYMBOL}`);
    const measured = summary.measurements[0]!;
    expect(measured.error).toBeUndefined();
    expect(measured.drift!.window.rows).toBe(WINDOW);
    report("unchanged", measured.drift!);
    expect(measured.drift!.drifted).toEqual([]);
    expect(summary.decisions[0]!.reasons).toEqual([]);
    expect(dispatches).toEqual([]);
    expect(issues).toEqual([]);
    const log = parseMonitorLog(await gitCli(world.remote.bareDir, ["show", `trading:monitoring/green/${SYMBOL}.jsonl`]), "log");
    expect(log.at(-1)).toMatchObject({ branch: `green/${SYMBOL}`, dispatched: false, issue: null, reasons: [] });
  }, 60_000);

  it("a volatility jump (daily returns × 3): drift on returns and volatility, never on RSI, volume or weekday; pipeline.yml dispatched; one issue", async () => {
    const changed = injectRegimeChange(world.bars, { days: CHANGED_DAYS, volatilityFactor: 3 });
    const { summary, dispatches, issues } = await monitorOn(changed, `red/${SYMBOL}`);
    const drifted = summary.measurements[0]!.drift!.drifted;
    report("volatility ×3", summary.measurements[0]!.drift!);
    expect(drifted).toEqual(expect.arrayContaining([...VOLATILITY, ...RETURN_LAGS]));
    // Scaling every return leaves RSI (a ratio of gains to losses), volume and the weekday as they were.
    const changedByVolatility = new Set([...RETURN_LAGS, ...MA_RATIOS, ...VOLATILITY, "macd", "macd_hist"]);
    for (const name of drifted) expect(changedByVolatility.has(name)).toBe(true);
    for (const name of [...UNTOUCHED_BY_ANY, "rsi_14"]) expect(drifted).not.toContain(name);
    expect(dispatches).toEqual([{ workflow: "pipeline.yml", ref: "main", inputs: { branch: `red/${SYMBOL}` } }]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.title).toContain(`[stockops:monitor red/${SYMBOL}]`);
    expect(issues[0]!.labels).toEqual(["monitor"]);
    expect(issues[0]!.body).toContain("vol_20");
    expect(issues[0]!.body).toContain("```mermaid");
    const log = parseMonitorLog(await gitCli(world.remote.bareDir, ["show", `trading:monitoring/red/${SYMBOL}.jsonl`]), "log");
    expect(log.at(-1)).toMatchObject({ branch: `red/${SYMBOL}`, dispatched: true, issue: issues[0]!.number });
    expect(log.at(-1)!.drift!.drifted).toEqual(drifted);
  }, 60_000);

  it("a mean shift (+0.4 % a day): drift on trend features (MA ratios, RSI, returns), never on volatility, volume or weekday; dispatched", async () => {
    const changed = injectRegimeChange(world.bars, { days: CHANGED_DAYS, drift: 0.004 });
    const { summary, dispatches, issues } = await monitorOn(changed, `blue/${SYMBOL}`);
    const drifted = summary.measurements[0]!.drift!.drifted;
    report("mean +0.4 %/day", summary.measurements[0]!.drift!);
    expect(drifted).toEqual(expect.arrayContaining(["ma_ratio_50", "rsi_14"]));
    // A constant added to every return moves trend features; standard deviations cannot see it.
    const changedByShift = new Set([...RETURN_LAGS, ...MA_RATIOS, "rsi_14", "macd", "macd_hist"]);
    for (const name of drifted) expect(changedByShift.has(name)).toBe(true);
    for (const name of [...UNTOUCHED_BY_ANY, ...VOLATILITY]) expect(drifted).not.toContain(name);
    expect(dispatches).toEqual([{ workflow: "pipeline.yml", ref: "main", inputs: { branch: `blue/${SYMBOL}` } }]);
    expect(issues.map((issue) => issue.title)).toEqual([expect.stringContaining(`[stockops:monitor blue/${SYMBOL}]`)]);
  }, 60_000);
});
