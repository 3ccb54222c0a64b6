// Each bundled action's cold start (process start → the first INPUT_* read, i.e. the bundle loaded and
// its main running) and each bundle's size. A preload replaces process.env with a proxy that, on the first
// INPUT_ lookup, prints performance.now() (ms since the process started) and exits: only loading is timed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = 5;

const PRELOAD = `
const real = process.env;
let seen = false;
process.env = new Proxy(real, {
  get(target, key) {
    if (!seen && typeof key === "string" && key.startsWith("INPUT_")) {
      seen = true;
      process.stdout.write("\\nFIRST_INPUT_READ_MS=" + performance.now().toFixed(2) + "\\n");
      process.exit(0);
    }
    return target[key];
  },
});
`;

function nodeBinary() {
  const result = spawnSync("npx", ["-y", "-p", "node@24", "node", "-p", "process.execPath + ' ' + process.version"], { encoding: "utf8", timeout: 180_000 });
  const [path, version] = (result.stdout ?? "").trim().split("\n").at(-1)?.split(" ") ?? [];
  return result.status === 0 && path && version?.startsWith("v24.") ? { path, version } : { path: process.execPath, version: process.version };
}

function coldStart(node, action, preload) {
  const times = [];
  for (let run = 0; run < RUNS; run += 1) {
    const result = spawnSync(node, ["--import", preload, join(ROOT, "actions", action, "dist", "index.js")], {
      cwd: tmpdir(),
      encoding: "utf8",
      env: { PATH: process.env.PATH, INPUT_DIR: ".", GITHUB_OUTPUT: join(tmpdir(), "bench-output"), GITHUB_STEP_SUMMARY: join(tmpdir(), "bench-summary") },
    });
    const match = /FIRST_INPUT_READ_MS=([\d.]+)/.exec(result.stdout ?? "");
    if (!match) throw new Error(`${action}: no input read measured (${(result.stderr ?? "").slice(0, 300)})`);
    times.push(Number(match[1]));
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function bundleSize(action) {
  const dist = join(ROOT, "actions", action, "dist");
  const files = readdirSync(dist);
  const bytes = files.reduce((sum, file) => sum + statSync(join(dist, file)).size, 0);
  const chunks = files.filter((file) => /^\d+\.index\.js$/.test(file)).length;
  const wasm = files.filter((file) => file.endsWith(".wasm")).length;
  const mb = (value) => `${(value / 1024 / 1024).toFixed(1)} MB`;
  return `${mb(bytes)} (index.js ${mb(statSync(join(dist, "index.js")).size)}, ${chunks} lazy chunks${wasm ? `, ${wasm} .wasm` : ""})`;
}

export async function benchActions() {
  const actions = readdirSync(join(ROOT, "actions"))
    .filter((name) => existsSync(join(ROOT, "actions", name, "dist", "index.js")))
    .sort();
  const node = nodeBinary();
  const preload = join(mkdtempSync(join(tmpdir(), "stockops-bench-")), "first-input.mjs");
  writeFileSync(preload, PRELOAD);
  const rows = [];
  for (const action of actions) rows.push({ name: `${action}: cold start to first input read (node ${node.version}, median of ${RUNS})`, ms: coldStart(node.path, action, preload) });
  for (const action of actions) rows.push({ name: `${action}: bundle size`, value: bundleSize(action) });
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const row of await benchActions()) console.log(`${row.name}: ${row.value ?? `${row.ms.toFixed(0)} ms`}`);
}
