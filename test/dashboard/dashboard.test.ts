import { existsSync } from "node:fs";
import { copyFile, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDashboard, type WriteDashboardResult } from "../../src/dashboard/write-dashboard.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { createTempRepo, gitCli, makeTempDir } from "../support/temp-repo.js";
import { publishLocally } from "../tracking/published-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = resolve(import.meta.dirname, "../../docs/examples/dashboard.png");
const LEADERBOARD = `# Leaderboard\n\n| team | return | Sharpe |\n|:---|---:|---:|\n| red | 4.20 % | 1.10 |\n| blue | -1.30 % | -0.20 |\n`;

const cleanups: string[] = [];
let site: string;
let result: WriteDashboardResult;

beforeAll(async () => {
  const dir = await createTempRepo({ "README.md": "main\n" });
  cleanups.push(dir);
  for (const branch of ["red/AAPL", "blue/AAPL", "trading"]) await gitCli(dir, ["branch", branch]);
  const repo = openGitRepo({ dir });
  await publishLocally(repo, "red", "AAPL", [
    { testMae: 1.5, date: "2026-01-05T21:00:00.000Z" },
    { testMae: 1.3, date: "2026-01-09T21:00:00.000Z", kind: "mlp", epochs: 50 },
    { testMae: 1.45, date: "2026-01-13T21:00:00.000Z", kind: "mlp", epochs: 100 },
    { testMae: 1.1, date: "2026-01-18T21:00:00.000Z", kind: "mlp", epochs: 200 },
  ]);
  await publishLocally(repo, "blue", "AAPL", [
    { testMae: 1.6, date: "2026-01-06T21:00:00.000Z" },
    { testMae: 1.4, date: "2026-01-12T21:00:00.000Z", kind: "lstm" },
    { testMae: 1.2, date: "2026-01-16T21:00:00.000Z", kind: "lstm" },
  ]);
  const trading = await repo.resolveRef("refs/heads/trading");
  await repo.commitFiles({ branch: "trading", parent: trading, changes: { "reports/leaderboard.md": LEADERBOARD }, message: "leaderboard", author: { name: "t", email: "t@example.com" } });
  site = await makeTempDir("stockops-site-");
  cleanups.push(site);
  result = await writeDashboard({ dir }, site, new Date("2026-01-20T12:00:00Z"));
}, 60_000);

afterAll(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("static dashboard", () => {
  it("writes index.html with the data inlined, chart.js beside it, and data.json", async () => {
    expect(result.files.map((file) => file.slice(site.length + 1))).toEqual(["index.html", "data.json", "chart.umd.min.js"]);
    expect(result.data.runs).toHaveLength(7);
    expect(result.data.leaderboard).toBe(LEADERBOARD);
    expect(result.data.champions.map((entry) => [entry.branch, entry.current])).toEqual([
      ["blue/AAPL", 3],
      ["red/AAPL", 4],
    ]);
    const html = await readFile(join(site, "index.html"), "utf8");
    expect(html).toContain('<script src="chart.umd.min.js"></script>');
    expect(html).toContain("function parseFilter(");
    expect(html).not.toMatch(/<\/script>[^]*<\/script>[^]*<\/script>[^]*<\/script>[^]*<\/script>/);
    expect((await readFile(join(site, "chart.umd.min.js"), "utf8")).length).toBeGreaterThan(100_000);
  });

  it.skipIf(!existsSync(CHROMIUM))(`opened from disk in headless Chromium: filter narrows the table, charts render, no console errors (needs ${CHROMIUM}: apt-get install -y chromium)`, async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
      page.on("requestfailed", (request) => problems.push(`requestfailed: ${request.url()}`));
      await page.goto(pathToFileURL(join(site, "index.html")).href);
      await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });

      const rows = () => page.$$eval("#runs-body tr", (trs) => trs.map((tr) => (tr as unknown as { dataset: { run: string } }).dataset.run));
      expect(await rows()).toHaveLength(7);
      expect(await page.textContent("#runs-count")).toBe("7 of 7 runs");

      await page.fill("#filter", 'params.model.kind = "mlp" and metrics.test_mae < 1.4');
      expect(await rows()).toEqual(["red/AAPL/v4", "red/AAPL/v2"]);
      expect(await page.textContent("#runs-count")).toBe("2 of 7 runs");
      expect(await page.textContent("#filter-error")).toBe("");

      await page.fill("#filter", "metrics.test_mae < 1.4 or tags.kind = 'lstm'");
      expect(await page.textContent("#filter-error")).toMatch(/OR is not supported/);
      expect(await rows()).toEqual(["red/AAPL/v4", "red/AAPL/v2"]);

      await page.fill("#filter", "attributes.branch LIKE 'blue/%'");
      expect(await rows()).toEqual(["blue/AAPL/v3", "blue/AAPL/v2", "blue/AAPL/v1"]);
      await page.fill("#filter", "");
      expect(await rows()).toHaveLength(7);

      const charts = await page.$$eval("canvas", (canvases) =>
        canvases.map((canvas) => {
          const element = canvas as unknown as { id: string; width: number; height: number; getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
          const pixels = element.getContext("2d").getImageData(0, 0, element.width, element.height).data;
          let painted = 0;
          for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) painted++;
          const chart = (globalThis as unknown as { Chart: { getChart(c: unknown): { config: { type: string }; data: { datasets: { data: unknown[] }[] } } | undefined } }).Chart.getChart(canvas);
          return { id: element.id, type: chart?.config.type, points: chart?.data.datasets[0]?.data.length, painted };
        }),
      );
      expect(charts).toHaveLength(3);
      expect(charts.find((chart) => chart.id === "timeline")).toMatchObject({ type: "bar", points: 6 });
      expect(charts.filter((chart) => chart.type === "line").map((chart) => chart.points).sort()).toEqual([3, 4]);
      for (const chart of charts) expect(chart.painted).toBeGreaterThan(1000);
      expect(await page.$$eval("#leaderboard td", (cells) => cells.map((cell) => cell.textContent))).toEqual(["red", "4.20 %", "1.10", "blue", "-1.30 %", "-0.20"]);

      const shot = join(site, "dashboard.png");
      await page.screenshot({ path: shot, fullPage: true });
      if (process.env.UPDATE_EXAMPLES) await copyFile(shot, SCREENSHOT);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
