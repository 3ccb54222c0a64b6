import { BROWSER_FILTER_FUNCTIONS } from "../tracking/filter/mlflow-filter.js";
import type { DashboardData } from "./dashboard-data.js";
import { DASHBOARD_SCRIPT } from "./dashboard-script.js";

export const CHART_SCRIPT_FILE = "chart.umd.min.js";

/** `<` escaped so no value can close the script element that carries the data. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The same filter code the CLI runs, as source for the page (see the note in mlflow-filter.ts). */
export function filterScript(): string {
  return BROWSER_FILTER_FUNCTIONS.map((fn) => fn.toString()).join("\n\n");
}

/** Pure: the whole page. Scripts are classic (not modules) so the page works opened from disk. */
export function renderDashboardHtml(data: DashboardData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stockops: runs, champions, leaderboard</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #ddd; }
#filter { width: min(60rem, 100%); font: 13px monospace; padding: .35rem; }
#filter[aria-invalid="true"] { outline: 2px solid #e15759; }
#filter-error { color: #b00020; min-height: 1.2em; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
figure.chart { margin: 0; }
.canvas-holder { position: relative; height: 14rem; }
#timeline-holder { position: relative; height: ${Math.max(8, 3 * data.champions.length + 4)}rem; }
.muted { color: #666; }
</style>
</head>
<body>
<h1>stockops experiment tracking</h1>
<p id="generated" class="muted"></p>
<h2>Runs</h2>
<label for="filter">Filter (MLflow search syntax, AND only), e.g. <code>metrics.test_mae &lt; 1.5 and params.model.kind = "mlp"</code></label><br>
<input id="filter" type="search" spellcheck="false" autocomplete="off" placeholder='metrics.test_mae < 1.5 and attributes.branch LIKE "red/%"'>
<div id="filter-error" role="alert"></div>
<div id="runs-count" class="muted"></div>
<table id="runs">
<thead><tr><th>run</th><th>date (UTC)</th><th>branch</th><th>kind</th><th>promoted</th><th>test MAE</th><th>skill vs naive</th><th>hit rate</th><th>data</th><th>commit</th></tr></thead>
<tbody id="runs-body"></tbody>
</table>
<h2>Metric history per branch</h2>
<label for="metric">Metric</label> <select id="metric"></select>
<div id="history" class="charts"></div>
<h2>Champion timeline</h2>
<div id="timeline-holder"><canvas id="timeline"></canvas></div>
<p id="timeline-empty" class="muted" hidden>No champion recorded yet.</p>
<h2>Team leaderboard</h2>
<div id="leaderboard"></div>
<script type="application/json" id="dashboard-data">${inlineJson(data)}</script>
<script src="${CHART_SCRIPT_FILE}"></script>
<script>
${filterScript()}
</script>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}
