// `npm run build` (after build:lib): every actions/<step>/ gets action.yml written from its src/spec.ts and
// dist/index.js bundled by @vercel/ncc, so workflows can `uses: ./actions/<step>` with no npm install.
//
// 1. tsc compiles actions/*/src and the src/ they import to plain ESM under .stockops/build (ncc's own
//    TypeScript loader compiles ESM with top-level await as CommonJS, and type-checks each action again).
// 2. ncc bundles each entry; lazy `await import()`s become numbered chunks beside index.js.
// 3. Actions that may run TensorFlow.js get its WebAssembly binaries copied into dist/: ncc does not see
//    them (the wasm backend fetches them by path at run time) and src/models/tf-backend.ts looks beside
//    the bundle when the package cannot be resolved.
// The output depends only on the sources and node_modules: no timestamps, no absolute paths (checked by
// `npm run build && git diff --exit-code -- actions/*/dist` in .ci/run and ci.yml).
//
// Usage: node scripts/build-actions.mjs [step ...]   (default: every action)
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stringify } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const ncc = require("@vercel/ncc");
// Per checkout, not under node_modules/.cache: worktrees that share one node_modules must not share it.
const compiled = join(root, ".stockops", "build", "actions");

/** Actions whose pipeline or trading path can load a TensorFlow.js model. */
const WASM_ACTIONS = new Set(["train", "evaluate", "report", "trade"]);
const WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"];

export function actionNames() {
  return readdirSync(join(root, "actions"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "actions", entry.name, "src", "main.ts")))
    .map((entry) => entry.name)
    .sort();
}

/** action.yml from the spec: `runs: node24, main: dist/index.js`, every input and output described. */
export function renderActionYml(spec) {
  const inputs = Object.fromEntries(
    Object.entries(spec.inputs).map(([name, input]) => [
      name,
      { description: input.description, required: Boolean(input.required), ...(input.default !== undefined ? { default: input.default } : {}) },
    ]),
  );
  const outputs = Object.fromEntries(Object.entries(spec.outputs).map(([name, description]) => [name, { description }]));
  const body = stringify({ name: spec.name, description: spec.description, author: "stockops", inputs, outputs, runs: { using: "node24", main: "dist/index.js" } }, { lineWidth: 0 });
  return `# Written by scripts/build-actions.mjs from src/spec.ts (the inputs main.ts reads); edit the spec, then npm run build.\n${body}`;
}

function compile() {
  rmSync(compiled, { recursive: true, force: true });
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "actions", "tsconfig.build.json"), "--outDir", compiled], { stdio: "inherit" });
}

async function buildAction(name) {
  const started = Date.now();
  const folder = join(root, "actions", name);
  const entry = join(compiled, "actions", name, "src", "main.js");
  const { spec } = await import(pathToFileURL(join(compiled, "actions", name, "src", "spec.js")).href);
  writeFileSync(join(folder, "action.yml"), renderActionYml(spec));
  const { code, assets } = await ncc(entry, { minify: false, sourceMap: false, quiet: true, cache: false, target: "es2022" });
  const dist = join(folder, "dist");
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, "index.js"), scrub(code));
  for (const [asset, { source }] of Object.entries(assets).sort(([a], [b]) => a.localeCompare(b))) {
    const target = join(dist, asset);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, typeof source === "string" || asset.endsWith(".js") ? scrub(String(source)) : source);
  }
  if (WASM_ACTIONS.has(name)) {
    const wasmDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
    for (const file of WASM_FILES) copyFileSync(join(wasmDir, "dist", file), join(dist, file));
  }
  console.log(`actions/${name}/dist: ${readdirSync(dist).length} files (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Absolute paths of this checkout must never reach a bundle (it would differ on every machine). */
function scrub(text) {
  if (text.includes(root)) throw new Error(`bundle contains the absolute path ${root}; builds would not be reproducible`);
  return text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : actionNames();
  compile();
  for (const name of names) await buildAction(name);
  console.log(`built ${names.length} action(s) from ${relative(root, compiled)}`);
}
