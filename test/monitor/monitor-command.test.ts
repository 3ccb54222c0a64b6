import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import monitorCommand from "../../src/cli/commands/monitor.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { gitCli } from "../support/temp-repo.js";
import { createMonitorWorld, monitorSymbol, GITHUB_TOKEN, pricesFolder, startStandIn, type MonitorWorld } from "./monitor-world.js";
import { injectRegimeChange } from "./regime-change.js";

const SYMBOL = monitorSymbol("AMZN");

let world: MonitorWorld;
beforeAll(async () => {
  world = await createMonitorWorld({ symbol: SYMBOL, rows: 1500, teams: ["red"] });
}, 120_000);
afterAll(async () => world?.cleanup());

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await runCli(["monitor", ...args], [monitorCommand], { cwd: world.mainDir, out: (text) => out.push(text), logger: memoryLogger(), env }, (text) => errors.push(text));
  return { code, out: out.join("\n"), errors };
}

describe("stockops monitor", () => {
  it("--dry-run measures and prints the table, and writes nothing: no dispatch, no issue, no trading branch", async () => {
    const prices = await pricesFolder(SYMBOL, injectRegimeChange(world.bars, { days: 310, volatilityFactor: 3 }));
    const { standIn } = await startStandIn();
    try {
      const { code, out } = await cli(["--dry-run", "--prices-dir", prices], { GITHUB_TOKEN, GITHUB_API_URL: standIn.url, GITHUB_REPOSITORY: "acme/stockops" });
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`\\| red/${SYMBOL} \\| v1 ridge \\| \\d+ drifted`));
      expect(out).toContain("wanted (dry run)");
      expect(out).toMatch(new RegExp(`red/${SYMBOL}: drift: \\d+ features`));
      expect(standIn.requests.filter((request) => request.method !== "GET")).toEqual([]);
      await expect(gitCli(world.remote.bareDir, ["rev-parse", "--verify", "trading"])).rejects.toThrow();
    } finally {
      await standIn.close();
    }
  }, 60_000);

  it("with a token: dispatches pipeline.yml from the repository's default branch and commits the log", async () => {
    const prices = await pricesFolder(SYMBOL, injectRegimeChange(world.bars, { days: 310, volatilityFactor: 3 }));
    const { standIn } = await startStandIn();
    try {
      const { code, out } = await cli(["--prices-dir", prices, "--branch", `red/${SYMBOL}`], { GITHUB_TOKEN, GITHUB_API_URL: standIn.url, GITHUB_REPOSITORY: "acme/stockops" });
      expect(code).toBe(0);
      expect(out).toContain("| dispatched |");
      expect(standIn.state.repos.get("acme/stockops")!.dispatches).toEqual([{ workflow: "pipeline.yml", ref: "main", inputs: { branch: `red/${SYMBOL}` } }]);
      expect(await gitCli(world.remote.bareDir, ["show", `trading:monitoring/red/${SYMBOL}.jsonl`])).toContain('"dispatched":true');
    } finally {
      await standIn.close();
    }
  }, 60_000);
});
