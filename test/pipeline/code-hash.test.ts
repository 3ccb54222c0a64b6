// Code is an input like data and config: each stage's cache key holds the hash of the source files it
// imports, so what changed decides what re-runs (docs/decisions/0020-main-code-on-model-branches.md).
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { codeHashes, computeCodeHashes, locateSourceTree, stageCodeHash } from "../../src/pipeline/code-hash.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { makeModelBranch } from "../support/model-branch.js";
import { makeTempDir } from "../support/temp-repo.js";

const REPO = join(import.meta.dirname, "..", "..");

/** A copy of this checkout's package.json and src/, to change files in. */
async function copyOfSource(): Promise<string> {
  const root = await makeTempDir("stockops-code-hash-");
  await cp(join(REPO, "src"), join(root, "src"), { recursive: true });
  await cp(join(REPO, "package.json"), join(root, "package.json"));
  return root;
}

const hashesOf = (root: string) => computeCodeHashes(locateSourceTree(join(root, "src", "pipeline", "code-hash.ts")));

async function edit(root: string, path: string, change: (text: string) => string) {
  await writeFile(join(root, path), change(await readFile(join(root, path), "utf8")));
}

describe("stage code hashes", () => {
  it("hash this checkout's src/ (the CLI from lib/ and a bundled action in the checkout agree)", () => {
    const own = codeHashes();
    expect(own.source).toBe("src");
    expect(Object.values(own.stages).every((hash) => /^[0-9a-f]{32}$/.test(hash))).toBe(true);
    expect(new Set(Object.values(own.stages)).size).toBe(4);
    expect(computeCodeHashes(locateSourceTree(join(REPO, "actions", "features", "dist", "index.js")))).toEqual(own);
  });

  it("a feature-code change changes every stage's hash; a model change leaves features alone; README, dashboard and trading changes change none", async () => {
    const root = await copyOfSource();
    const before = hashesOf(root);

    await writeFile(join(root, "README.md"), "# changed\n");
    await mkdir(join(root, "docs"), { recursive: true });
    await writeFile(join(root, "docs", "note.md"), "changed\n");
    await edit(root, "src/dashboard/render-dashboard.ts", (text) => `${text}\n// dashboard change\n`);
    await edit(root, "src/trading/run-trading.ts", (text) => `${text}\n// trading change\n`);
    expect(hashesOf(root)).toEqual(before);

    await edit(root, "src/models/ridge-model.ts", (text) => `${text}\n// ridge change\n`);
    const afterModel = hashesOf(root);
    expect(afterModel.stages.features).toBe(before.stages.features);
    expect(afterModel.stages.train).not.toBe(before.stages.train);
    expect(afterModel.stages.evaluate).not.toBe(before.stages.evaluate);

    await edit(root, "src/features/indicators.ts", (text) => `${text}\n// feature change\n`);
    const afterFeatures = hashesOf(root);
    for (const stage of ["features", "train", "evaluate", "report"] as const) expect(afterFeatures.stages[stage]).not.toBe(afterModel.stages[stage]);
    expect(afterFeatures.pipeline).not.toBe(afterModel.pipeline);
  });

  it("falls back to lib/ in an installed package without src/, and to a bundle's own bytes outside any package", async () => {
    const root = await makeTempDir("stockops-code-hash-lib-");
    await cp(join(REPO, "package.json"), join(root, "package.json"));
    await cp(join(REPO, "lib"), join(root, "lib"), { recursive: true });
    expect(hashesOf(root).source).toBe("lib");
    const tree = locateSourceTree(join(root, "lib", "pipeline", "code-hash.js"));
    expect(tree).toMatchObject({ extension: ".js", label: "lib" });
    expect(computeCodeHashes(tree).stages.features).toMatch(/^[0-9a-f]{32}$/);
    const lonely = await makeTempDir("stockops-code-hash-bundle-");
    await writeFile(join(lonely, "index.js"), "console.log(1)\n");
    expect(computeCodeHashes(locateSourceTree(join(lonely, "index.js"))).source).toMatch(/index\.js$/);
  });
});

describe("the stage cache keys on the code hash", () => {
  it("records each stage's code hash in stockops.lock and lineage.json, and re-runs features when their code hash differs (later stages only when their inputs change too)", async () => {
    const dir = await makeModelBranch("AAPL", 'kind = "ridge"');
    await runPipeline({ dir, logger: memoryLogger() });
    const lock = JSON.parse(await readFile(join(dir, "stockops.lock"), "utf8"));
    for (const stage of ["features", "train", "evaluate", "report"] as const) expect(lock.stages[stage].inputs.code).toBe(stageCodeHash(stage));
    const lineage = JSON.parse(await readFile(join(dir, "models/AAPL/lineage.json"), "utf8"));
    expect(lineage.code_version.hash).toBe(stageCodeHash("train"));
    expect(await readFile(join(dir, "reports/AAPL.md"), "utf8")).toContain(stageCodeHash("train"));

    const noop = await runPipeline({ dir, logger: memoryLogger() });
    expect(noop.stages.map((stage) => stage.status)).toEqual(["skipped", "skipped", "skipped", "skipped"]);

    // What an older code version left: the same lock with another features hash.
    lock.stages.features.inputs.code = "0".repeat(32);
    await writeFile(join(dir, "stockops.lock"), `${JSON.stringify(lock, null, 2)}\n`);
    const rerun = await runPipeline({ dir, logger: memoryLogger() });
    expect(rerun.stages.map((stage) => stage.status)).toEqual(["ran", "skipped", "skipped", "skipped"]);
  });
});
