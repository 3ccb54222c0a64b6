import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import type { RunSource } from "../tracking/list-runs.js";
import { collectDashboardData, type DashboardData } from "./dashboard-data.js";
import { CHART_SCRIPT_FILE, inlineJson, renderDashboardHtml } from "./render-dashboard.js";

export interface WriteDashboardResult {
  files: string[];
  data: DashboardData;
}

/** Writes `index.html`, `data.json` and chart.js's UMD build into `out`: a static site that also works opened from disk. */
export async function writeDashboard(source: RunSource, out: string, now: Date): Promise<WriteDashboardResult> {
  const data = await collectDashboardData(source, now);
  const chartJs = await readFile(join(dirname(createRequire(import.meta.url).resolve("chart.js")), CHART_SCRIPT_FILE));
  const files = [join(out, "index.html"), join(out, "data.json"), join(out, CHART_SCRIPT_FILE)];
  await writeFileAtomic(files[0]!, renderDashboardHtml(data));
  await writeFileAtomic(files[1]!, `${inlineJson(data)}\n`);
  await writeFileAtomic(files[2]!, chartJs);
  return { files, data };
}
