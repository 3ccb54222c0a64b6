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

const STATIC_IMPORT = /\b(?:import|export)\s+(type\s+)?(?:[\w*{}\s,]+?\s+from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/**
 * md5 over `path:md5` of every file reachable from `entry` through relative imports, sorted by path. A
 * type-only import adds the file it names; its own imports are followed only inside pipeline/, whose
 * PipelineContext class is what a stage calls into (elsewhere a type import runs none of the module's code).
 */
function hashClosure(entry: string, tree: SourceTree, contents: Map<string, string>): string {
  const hashed = new Set<string>();
  const followed = new Set<string>();
  const pending: { file: string; follow: boolean }[] = [{ file: entry, follow: true }];
  const pipelineDir = join(tree.root, "pipeline");
  while (pending.length > 0) {
    const { file, follow } = pending.pop()!;
    hashed.add(file);
    if (!follow || followed.has(file)) continue;
    followed.add(file);
    let text = contents.get(file);
    if (text === undefined) {
      text = readFileSync(file, "utf8");
      contents.set(file, text);
    }
    for (const match of text.matchAll(STATIC_IMPORT)) {
      const target = resolveImport(file, match[2]!, tree);
      pending.push({ file: target, follow: !match[1] || target.startsWith(pipelineDir) });
    }
    for (const match of text.matchAll(DYNAMIC_IMPORT)) pending.push({ file: resolveImport(file, match[1]!, tree), follow: true });
  }
  return md5Hex(
    [...hashed]
      .map((file) => {
        if (!contents.has(file)) contents.set(file, readFileSync(file, "utf8"));
        return `${relative(tree.root, file)}:${md5Hex(contents.get(file)!)}`;
      })
      .sort()
      .join("\n"),
  );
}

/** `./x.js` in TypeScript source names `./x.ts` (NodeNext resolution). */
function resolveImport(from: string, specifier: string, tree: SourceTree): string {
  const target = resolve(dirname(from), specifier);
  return tree.extension === ".ts" ? target.replace(/\.js$/, ".ts") : target;
}
