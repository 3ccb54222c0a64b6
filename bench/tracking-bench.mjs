// Experiment tracking speed: `runs` over a local bare origin holding 40 published versions on 4 branches
// (published with the real planPublish, committed straight to git: no model is trained). Target: < 1 s.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openGitRepo } from "../lib/gitops/isomorphic-git-repo.js";
import { planPublish } from "../lib/publish/plan-publish.js";
import { publishedPaths } from "../lib/publish/published-records.js";
import { listRuns } from "../lib/tracking/list-runs.js";
import { searchRuns } from "../lib/tracking/search-runs.js";

const CLI = fileURLToPath(new URL("../bin/stockops.js", import.meta.url));
const BRANCHES = [["red", "AAPL"], ["blue", "AAPL"], ["red", "SPX"], ["blue", "SPX"]];
const PER_BRANCH = 10;
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com" };
const git = (cwd, args) => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

const regression = (mae) => ({ mae, rmse: mae * 1.3, mape: mae, r2: 0.98, hit_rate: 0.51, n: 250 });
function metrics(team, symbol, mae, kind) {
  const naive = regression(mae / 0.98);
  const span = { n: 250, first: "2010-01-04", last: "2010-12-31" };
  return {
    schema: 1, symbol, team, horizon: 1,
    model: { kind, params: { alpha: 1 }, backend: "typescript" },
    rows: { train: { ...span, n: 1000 }, validation: span, test: span },
    validation: regression(mae), test: regression(mae),
    baselines: { naive, ridge: regression(mae * 1.01) }, validation_baselines: { naive, ridge: regression(mae * 1.01) },
    skill_vs_naive: 0.02, validation_skill_vs_naive: 0.01,
    backtest: { threshold: 0, fee_bps: 0, total_return: 0.1, cagr: 0.1, sharpe: 0.8, sortino: 1.1, max_drawdown: 0.15, win_rate: 0.55, exposure: 0.6, trades: 40, round_trips: 20, days: 249, first_fill: "2010-01-05", last_valuation: "2010-12-31", unfilled_decisions: 1, buy_and_hold_return: 0.3 },
  };
}

export async function buildOrigin(root) {
  const work = join(root, "work");
  git(root, ["init", "--quiet", "--initial-branch=main", work]);
  git(work, ["commit", "--quiet", "--allow-empty", "-m", "initial"]);
  for (const [team, symbol] of BRANCHES) git(work, ["branch", `${team}/${symbol}`]);
  const repo = openGitRepo({ dir: work });
  const encode = (text) => new TextEncoder().encode(text);
  const decode = (bytes) => (bytes ? new TextDecoder().decode(bytes) : undefined);
  for (let index = 0; index < PER_BRANCH; index++) {
    for (const [team, symbol] of BRANCHES) {
      const branch = `${team}/${symbol}`;
      const paths = publishedPaths(symbol);
      const head = await repo.resolveRef(`refs/heads/${branch}`);
      const kind = index % 2 ? "mlp" : "ridge";
      const m = metrics(team, symbol, 1 + ((index * 7) % 10) / 10, kind);
      const date = new Date(Date.UTC(2026, 0, 1 + index, 21)).toISOString();
      const plan = planPublish(
        { head, versionsText: decode(await repo.readFile(head, paths.versions)), championText: decode(await repo.readFile(head, paths.champion)), artifacts: {}, taggedVersions: [] },
        {
          team, symbol, metrics: m, lineage: undefined, configCommit: head, date,
          artifacts: { [`${paths.modelDir}/metrics.json`]: encode(JSON.stringify(m)), [`${paths.modelDir}/model.json`]: encode(`{"w":${index}}`) },
          gate: { min_skill_vs_naive: 0, allow_worse_than_champion: false, alpha: 0.05 },
          author: { name: "bench", email: "bench@example.com", timestamp: Math.floor(Date.parse(date) / 1000) },
        },
      );
      const changes = { ...plan.changes, "stockops.toml": `team = "${team}"\nsymbol = "${symbol}"\n\n[model]\nkind = "${kind}"\nepochs = ${20 + index}\n` };
      await repo.tag(plan.tag, await repo.commitFiles({ branch, parent: head, changes, message: plan.message, author: plan.author }));
    }
  }
  const origin = join(root, "origin.git");
  git(root, ["clone", "--quiet", "--bare", work, origin]);
  return origin;
}

/** Wall time and this process's CPU time (user + system): on a shared, loaded machine the CPU time is the steadier figure. */
async function timed(fn) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, result };
}

/** A child process's wall and CPU time, from GNU time (`-f "%e %U %S"` on the last stderr line). */
function timedProcess(args) {
  const child = spawnSync("/usr/bin/time", ["-f", "%e %U %S", process.execPath, CLI, ...args], { encoding: "utf8" });
  const [wall, user, system] = child.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { ms: wall * 1000, cpuMs: (user + system) * 1000, result: child };
}

export async function benchTracking() {
  const root = mkdtempSync(join(tmpdir(), "stockops-tracking-bench-"));
  try {
    const origin = await buildOrigin(root);
    const cold = await timed(() => listRuns({ gitdir: origin }));
    const warm = await timed(() => listRuns({ gitdir: origin }));
    const filtered = await timed(() => searchRuns({ gitdir: origin }, { filter: 'params.model.kind = "mlp" and metrics.test_mae < 1.5', sort: "metrics.test_mae" }));
    const cli = timedProcess(["runs", "--repo", origin, "--filter", "metrics.test_mae < 1.5", "--format", "json"]);
    const help = timedProcess(["--help"]);
    if (cli.result.status !== 0) throw new Error(`stockops runs failed: ${cli.result.stderr}`);
    const cpu = (row) => `${row.ms.toFixed(0)} ms wall, ${row.cpuMs.toFixed(0)} ms CPU`;
    return [
      { name: `listRuns, ${cold.result.length} versions on ${BRANCHES.length} branches of a bare origin (first call)`, ms: cold.ms, value: cpu(cold) },
      { name: "listRuns again (same process)", ms: warm.ms, value: cpu(warm) },
      { name: `searchRuns with filter + sort (${filtered.result.length} match)`, ms: filtered.ms, value: cpu(filtered) },
      { name: `\`stockops runs --filter …\` as a process, node start included (${JSON.parse(cli.result.stdout).length} match)`, ms: cli.ms, value: cpu(cli) },
      { name: "`stockops --help` as a process (node start and command loading alone, for scale)", ms: help.ms, value: cpu(help) },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchTracking()) console.log(`${row.name}: ${row.value}`);
}
