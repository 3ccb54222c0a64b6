import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { md5Hex } from "../artifacts/content-hash.js";
import type { StageName } from "./stage-lock.js";

/**
 * Code is an input like data and config: each stage keys on the content of the source files it can reach
 * through imports (type imports included: `PipelineContext` is where features are computed). So a change
 * to feature code re-runs features and everything after; a change to the ridge model re-runs train and
 * later, not features; README, dashboard or trading changes reach no stage and retrain nothing.
 * See docs/decisions/0020-main-code-on-model-branches.md.
 */
const STAGE_ENTRIES: Record<StageName, string> = {
  features: "pipeline/stages/features-stage",
  train: "pipeline/stages/train-stage",
  evaluate: "pipeline/stages/evaluate-stage",
  report: "pipeline/stages/report-stage",
};

export interface CodeHashes {
  /** Where the hashed files were read: `src` (TypeScript in a checkout), `lib` (tsc output), or the bundle. */
  source: string;
  stages: Record<StageName, string>;
  /** One hash over every stage's: what a cache of the whole pipeline's outputs keys on. */
  pipeline: string;
}

interface SourceTree {
  root: string;
  extension: ".ts" | ".js";
  label: string;
}

let cached: CodeHashes | undefined;

/** The per-stage code hashes of the stockops that is running (computed once per process: a few ms). */
export function codeHashes(): CodeHashes {
  cached ??= computeCodeHashes(locateSourceTree(fileURLToPath(import.meta.url)));
  return cached;
}

export function stageCodeHash(stage: StageName): string {
  return codeHashes().stages[stage];
}

/**
 * `src/` when the package root has it (a checkout: the CLI from lib/ and the bundled actions then hash the
 * same files), else `lib/` (an installed package). A bundle with neither hashes its own bytes.
 */
export function locateSourceTree(modulePath: string): SourceTree | { bundle: string } {
  const dir = stockopsRoot(modulePath);
  if (dir !== undefined) {
    if (existsSync(join(dir, "src", "pipeline", "stage.ts"))) return { root: join(dir, "src"), extension: ".ts", label: "src" };
    if (existsSync(join(dir, "lib", "pipeline", "stage.js"))) return { root: join(dir, "lib"), extension: ".js", label: "lib" };
  }
  return { bundle: modulePath };
}

/** The nearest folder above `modulePath` whose package.json is stockops's: lib/… and actions/<step>/dist/… both find it. */
export function stockopsRoot(modulePath: string): string | undefined {
  for (let dir = dirname(modulePath); ; dir = dirname(dir)) {
    if (isStockopsRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isStockopsRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name === "stockops";
  } catch {
    return false;
  }
}

export function computeCodeHashes(tree: SourceTree | { bundle: string }): CodeHashes {
  if ("bundle" in tree) {
    const hash = md5Hex(readFileSync(tree.bundle));
    const stages = Object.fromEntries(Object.keys(STAGE_ENTRIES).map((stage) => [stage, hash])) as Record<StageName, string>;
    return { source: relative(process.cwd(), tree.bundle), stages, pipeline: hash };
  }
  const contents = new Map<string, string>();
  const stages = Object.fromEntries(
    Object.entries(STAGE_ENTRIES).map(([stage, entry]) => [stage, hashClosure(join(tree.root, `${entry}${tree.extension}`), tree, contents)]),
  ) as Record<StageName, string>;
  return { source: tree.label, stages, pipeline: md5Hex(Object.values(stages).join(",")) };
}

const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;

/** md5 over `path:md5` of every file reachable from `entry` through relative imports, sorted by path. */
function hashClosure(entry: string, tree: SourceTree, contents: Map<string, string>): string {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text = contents.get(file);
    if (text === undefined) {
      text = readFileSync(file, "utf8");
      contents.set(file, text);
    }
    for (const match of text.matchAll(IMPORT_SPECIFIER)) pending.push(resolveImport(file, match[1]!, tree));
  }
  return md5Hex(
    [...seen]
      .map((file) => `${relative(tree.root, file)}:${md5Hex(contents.get(file)!)}`)
      .sort()
      .join("\n"),
  );
}

/** `./x.js` in TypeScript source names `./x.ts` (NodeNext resolution). */
function resolveImport(from: string, specifier: string, tree: SourceTree): string {
  const target = resolve(dirname(from), specifier);
  return tree.extension === ".ts" ? target.replace(/\.js$/, ".ts") : target;
}
