import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "../logger/logger.js";

export type Tensorflow = typeof import("@tensorflow/tfjs");
export type BackendName = "tensorflow" | "wasm" | "cpu";
export const BACKEND_NAMES = ["tensorflow", "wasm", "cpu"] as const satisfies readonly BackendName[];

export interface LoadedTensorflow {
  tf: Tensorflow;
  backend: BackendName;
}

export interface LoadTensorflowOptions {
  /** Force one backend (the bench measures each); by default the fastest that loads. */
  prefer?: BackendName;
}

const WASM_BINARIES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"];
// A variable specifier keeps tsc from resolving a package that is only optionally installed; webpackIgnore
// (at the import) keeps an ncc bundle from replacing it with a stub, so a bundle inside a checkout with
// tfjs-node installed still finds it at run time.
const TFJS_NODE = "@tensorflow/tfjs-node";

let tfjsPromise: Promise<Tensorflow> | undefined;
let nodePromise: Promise<Tensorflow | undefined> | undefined;
const registered = new Map<BackendName, Promise<boolean>>();
let announced: BackendName | undefined;

/**
 * Loads TensorFlow.js once per process: tfjs-node when it is installed, else the WebAssembly backend,
 * else plain JS. Every later call returns the same library with the same (or the preferred) backend active.
 */
export async function loadTensorflow(logger: Logger, options: LoadTensorflowOptions = {}): Promise<LoadedTensorflow> {
  const order: BackendName[] = options.prefer ? [options.prefer] : [...BACKEND_NAMES];
  for (const backend of order) {
    const tf = await activate(backend, logger);
    if (tf) {
      if (announced !== backend) {
        logger.info(`TensorFlow.js backend: ${backend}`);
        announced = backend;
      }
      return { tf, backend };
    }
  }
  throw new Error(options.prefer ? `TensorFlow.js backend '${options.prefer}' could not be loaded here` : "no TensorFlow.js backend could be loaded");
}

/** The backends that load in this process, fastest first (for the bench); leaves the default one active. */
export async function availableBackends(logger: Logger): Promise<BackendName[]> {
  const available: BackendName[] = [];
  for (const backend of BACKEND_NAMES) {
    if (await activate(backend, logger)) available.push(backend);
  }
  if (available.length > 0) await loadTensorflow(logger);
  return available;
}

async function activate(backend: BackendName, logger: Logger): Promise<Tensorflow | undefined> {
  const tf = backend === "tensorflow" ? await importTfjsNode(logger) : await importTfjs();
  if (!tf) return undefined;
  if (!registered.has(backend)) registered.set(backend, register(tf, backend, logger));
  if (!(await registered.get(backend))) return undefined;
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) return undefined;
  await tf.ready();
  return tf;
}

async function register(tf: Tensorflow, backend: BackendName, logger: Logger): Promise<boolean> {
  if (backend !== "wasm") return true;
  try {
    const wasm = interop(await import("@tensorflow/tfjs-backend-wasm"));
    const folder = wasmFolder();
    if (!folder) throw new Error(`${WASM_BINARIES.join(" and ")} not found beside the package or the bundle`);
    wasm.setWasmPaths(`${folder}/`);
    const restore = provideDirname(folder);
    try {
      return await tf.setBackend("wasm");
    } finally {
      restore();
    }
  } catch (error) {
    logger.warn(`WebAssembly backend unavailable (${(error as Error).message}); falling back`);
    return false;
  }
}

async function importTfjs(): Promise<Tensorflow> {
  tfjsPromise ??= import("@tensorflow/tfjs").then((module) => quiet(interop(module)));
  return tfjsPromise;
}

/** PROD silences tfjs's console advice ("install our node backend"), which would land in CLI output. */
function quiet(tf: Tensorflow): Tensorflow {
  tf.env().set("PROD", true);
  return tf;
}

async function importTfjsNode(logger: Logger): Promise<Tensorflow | undefined> {
  nodePromise ??= import(/* webpackIgnore: true */ TFJS_NODE).then(
    (module: Tensorflow) => {
      const tf = quiet(interop(module));
      tfjsPromise ??= Promise.resolve(tf);
      return tf;
    },
    (error: Error) => {
      logger.info(`@tensorflow/tfjs-node not loaded (${firstLine(error.message)}); trying WebAssembly`);
      return undefined;
    },
  );
  return nodePromise;
}

/** The wasm binaries live in the package's dist folder, or beside an ncc bundle that copied them. */
function wasmFolder(): string | undefined {
  const candidates: string[] = [];
  try {
    const resolved = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
    if (typeof resolved === "string") candidates.push(dirname(resolved));
  } catch {
    // Not resolvable from here: a bundle without node_modules; look beside the bundle.
  }
  const here = dirname(fileURLToPath(import.meta.url));
  candidates.push(here, join(here, "wasm"));
  return candidates.find((folder) => WASM_BINARIES.every((name) => existsSync(join(folder, name))));
}

/**
 * The Emscripten loader reads `__dirname`, which an ESM bundle (ncc) does not define; the value is unused
 * because setWasmPaths already says where the binaries are, so a global stand-in is enough while it starts.
 */
function provideDirname(folder: string): () => void {
  const scope = globalThis as { __dirname?: string };
  if (scope.__dirname !== undefined) return () => {};
  scope.__dirname = folder;
  return () => delete scope.__dirname;
}

/** CommonJS packages imported from ESM may arrive wrapped in `default`. */
function interop<T>(module: T): T {
  const wrapped = (module as { default?: T }).default;
  return wrapped && typeof wrapped === "object" ? wrapped : module;
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}
