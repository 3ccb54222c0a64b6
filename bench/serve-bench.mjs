// Serving speed: `node bin/stockops.js serve` in its own process on a checkout whose red/AAPL champion is a
// ridge and blue/AAPL's an LSTM (both trained on the embedded AAPL prices), loaded by autocannon from this
// process. Request logs (pino JSON lines) go to a file, as in production.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { silentLogger } from "../lib/logger/logger.js";
import { runPipeline } from "../lib/pipeline/run-pipeline.js";
import { renderChampion } from "../lib/publish/published-records.js";
import { tradingDaysBetween } from "../lib/trading/market-calendar.js";

const CLI = fileURLToPath(new URL("../bin/stockops.js", import.meta.url));
const git = (cwd, ...args) =>
  execFileSync("git", args, { cwd, env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com" } });

const MODELS = {
  red: ['kind = "ridge"', 'kind = "ridge"\nalpha = 300'],
  blue: ['kind = "lstm"\nepochs = 3'],
};

function championJson(team, version) {
  const tag = `models/${team}/AAPL/v${version}`;
  const since = `2026-01-0${version}T00:00:00Z`;
  return renderChampion({ schema: 1, version, tag, since, reason: "bench", kind: "ridge", test_mae: 1, skill_vs_naive: 0, history: [{ version, tag, since, until: null, reason: "bench" }] });
}

/** main with branches.json; red/AAPL with ridge v1 and v2 tagged (champion v1), blue/AAPL with an LSTM v1. */
async function benchRepo(root) {
  const repo = join(root, "repo");
  mkdirSync(repo);
  git(repo, "init", "--quiet", "--initial-branch=main");
  writeFileSync(join(repo, "branches.json"), `${JSON.stringify({ teams: { red: {}, blue: {} }, branches: [{ team: "red", symbol: "AAPL" }, { team: "blue", symbol: "AAPL" }] }, null, 2)}\n`);
  git(repo, "add", "branches.json");
  git(repo, "commit", "--quiet", "-m", "branches");
  for (const [team, models] of Object.entries(MODELS)) {
    git(repo, "checkout", "--quiet", "--orphan", `${team}/AAPL`);
    git(repo, "rm", "-rq", "--cached", ".");
    git(repo, "clean", "-fdxq");
    for (const [index, model] of models.entries()) {
      const folder = join(root, `${team}-v${index + 1}`);
      mkdirSync(folder);
      writeFileSync(join(folder, "stockops.toml"), `symbol = "AAPL"\nteam = "${team}"\n\n[data]\nsource = "package"\n\n[model]\n${model}\n`);
      await runPipeline({ dir: folder, until: "train", logger: silentLogger });
      writeFileSync(join(folder, "models", "AAPL", "champion.json"), championJson(team, 1));
      cpSync(folder, repo, { recursive: true });
      git(repo, "add", "stockops.toml", "models");
      git(repo, "commit", "--quiet", "-m", `models(${team}/AAPL): v${index + 1}`);
      git(repo, "tag", `models/${team}/AAPL/v${index + 1}`);
      git(repo, "clean", "-fdxq");
    }
  }
  git(repo, "checkout", "--quiet", "main");
  return repo;
}

function startServer(repo, logFile) {
  // Logs straight to a file descriptor: through a pipe to this process, they would wait on autocannon's event loop.
  const child = spawn(process.execPath, [CLI, "serve", "--dir", repo, "--port", "0", "--poll", "1"], { stdio: ["ignore", "pipe", openSync(logFile, "a")] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1], child });
    });
    child.on("exit", (code) => reject(new Error(`bench: stockops serve exited ${code}`)));
  });
}

function load(options) {
  return new Promise((resolve, reject) => autocannon({ connections: 10, duration: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result))));
}

const DATES = [];

/** Client-side figures from autocannon, and the server's own time per request (Fastify's responseTime in its log). */
function figures(name, result, server) {
  const failed = result.errors + result.timeouts + result.non2xx;
  const own = server ? `; in the server: p50 ${server.p50.toFixed(2)} ms, p99 ${server.p99.toFixed(2)} ms` : "";
  return { name, value: `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${Math.round(result.requests.average)} req/s, ${result.requests.total} requests, ${failed} failed${own}` };
}

/** Runs `options` and reads the responseTime of the requests it made from the server log written meanwhile. */
async function measured(logFile, options) {
  const from = statSync(logFile).size;
  const result = await load(options);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const times = readFileSync(logFile, "utf8")
    .slice(from)
    .split("\n")
    .filter((line) => line.includes('"responseTime"'))
    .map((line) => JSON.parse(line).responseTime)
    .sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  return { result, server: { p50: at(0.5), p99: at(0.99) } };
}

/** The last 500 NYSE trading days up to the latest price. */
async function datesOf(url) {
  const champions = await (await globalThis.fetch(`${url}/v1/champions`)).json();
  const latest = champions.champions[0].latest_date;
  return tradingDaysBetween("2015-01-01", latest).slice(-500);
}

export async function benchServe() {
  const root = mkdtempSync(join(tmpdir(), "stockops-serve-bench-"));
  let server;
  try {
    const repo = await benchRepo(root);
    const logFile = join(root, "server.log");
    server = await startServer(repo, logFile);
    const { url } = server;
    DATES.push(...(await datesOf(url)));
    const rows = [];
    for (const [team, kind] of [["red", "ridge"], ["blue", "lstm"]]) {
      // Warm-up (JIT, the first prediction) before anything is measured.
      await load({ url: `${url}/v1/predictions/${team}/AAPL`, duration: 3 });
      const paced = await measured(logFile, { url: `${url}/v1/predictions/${team}/AAPL`, overallRate: 1000 });
      rows.push(figures(`${kind}, latest day, paced at 1,000 req/s`, paced.result, paced.server));
      const flat = await measured(logFile, { url: `${url}/v1/predictions/${team}/AAPL` });
      rows.push(figures(`${kind}, latest day, as fast as it goes`, flat.result, flat.server));
      // The last 500 trading days in random order: each date is computed on its first request, then cached.
      let next = 0;
      const order = [...DATES].sort(() => Math.random() - 0.5);
      const varied = await measured(logFile, {
        url,
        overallRate: 200,
        duration: 5,
        requests: [{ setupRequest: (request) => ({ ...request, path: `/v1/predictions/${team}/AAPL?date=${order[next++ % order.length]}` }) }],
      });
      rows.push(figures(`${kind}, 500 different dates, paced at 200 req/s (first request of a date computes it)`, varied.result, varied.server));
    }
    // Hot swap: commit champion.json naming v2 on red/AAPL while 1,000 req/s run; the server polls every second.
    const swapping = measured(logFile, { url: `${url}/v1/predictions/red/AAPL`, overallRate: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    git(repo, "checkout", "--quiet", "red/AAPL");
    writeFileSync(join(repo, "models", "AAPL", "champion.json"), championJson("red", 2));
    git(repo, "commit", "--quiet", "-am", "champion v2");
    git(repo, "checkout", "--quiet", "main");
    const swap = await swapping;
    const after = await (await globalThis.fetch(`${url}/v1/predictions/red/AAPL`)).json();
    rows.push(figures(`ridge, champion v1 → ${after.model.version} swapped in under 1,000 req/s${after.model.version === "v2" ? "" : " (NOT swapped!)"}`, swap.result, swap.server));
    rows.push({ name: "load average during the bench", value: `${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores` });
    return rows;
  } finally {
    server?.child.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchServe()) console.log(`${row.name}: ${row.value}`);
}
