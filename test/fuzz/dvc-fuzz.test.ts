// Fuzzing the DVC formats others can write: .dvc files (outs with hostile paths, edits, garbage), .dir manifests
// (hostile relpaths, shapes, edits) parsed alone and pulled end to end from a local remote, and stockops.lock.
// After every pull the world is listed: nothing may appear outside the temporary repository.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { md5Hex, parseManifest } from "../../src/dvc/dir-manifest.js";
import { LocalRemote } from "../../src/dvc/local-remote.js";
import { loadTracked } from "../../src/dvc/tracked.js";
import { pullData } from "../../src/dvc/transfer.js";
import { isWithin, unsafePathReason } from "../../src/files/confine-path.js";
import { parseStageLock } from "../../src/pipeline/stage-lock.js";
import { attackWorld, type AttackWorld } from "../security/attack-world.js";
import { fuzz, FUZZ_TEST_TIMEOUT, hostilePath, mutated } from "./harness.js";

let world: AttackWorld;
beforeAll(async () => {
  world = await attackWorld();
});
afterAll(async () => world?.cleanup());

const MD5 = md5Hex("x");
const md5Arb = fc.oneof(fc.constant(MD5), fc.constant(`${MD5}.dir`), fc.stringMatching(/^[0-9a-f]{32}(\.dir)?$/), fc.string({ maxLength: 40 }));
const yamlScalar = (text: string) => JSON.stringify(text);

const VALID_DVC = `outs:\n- md5: ${MD5}.dir\n  size: 10\n  nfiles: 1\n  hash: md5\n  path: data\n`;
const structuredDvc = fc
  .array(fc.tuple(md5Arb, hostilePath, fc.constantFrom("hash: md5\n  ", "", "size: -1\n  ", "desc: x\n  ", "cache: false\n  ")), { minLength: 0, maxLength: 3 })
  .map((outs) => `outs:\n${outs.map(([md5, path, extra]) => `- md5: ${yamlScalar(md5)}\n  ${extra}path: ${yamlScalar(path)}\n`).join("")}`);
const dvcInput = fc.oneof(structuredDvc, mutated(fc.constant(VALID_DVC), ["..", "/", "\u0000", ":", "- ", "&a", "*a", "!!python/object", "{", "[", "'", '"', "\t", "\n  - "]), fc.string({ maxLength: 120 }));

const entryArb = fc.oneof(
  fc.record({ md5: fc.constant(MD5), relpath: hostilePath }),
  fc.record({ md5: fc.string({ maxLength: 34 }), relpath: fc.string({ maxLength: 10 }) }),
  fc.constantFrom<unknown>(null, 1, "x", [], { md5: MD5 }),
);
const manifestText = fc.oneof(
  fc.array(entryArb, { maxLength: 4 }).map((entries) => JSON.stringify(entries)),
  mutated(fc.constant(`[{"md5": "${MD5}", "relpath": "AAPL.csv"}, {"md5": "${MD5}", "relpath": "sub/MSFT.csv"}]`), ["../", "/", "\\u0000", '"relpath": "..",', '"md5": "x",', "{", "]", ".git/"]),
  fc.string({ maxLength: 80 }),
);

describe("fuzz: .dvc files", () => {
  it("load or give a typed error; every accepted out lies inside the repository", async () => {
    const dvcPath = join(world.repo, "fuzz.dvc");
    await fuzz(
      ".dvc",
      dvcInput,
      async (text) => {
        await writeFile(dvcPath, text);
        const tracked = await loadTracked(world.repo, "fuzz.dvc");
        for (const { absPath } of tracked.outs) expect(isWithin(world.repo, absPath) && absPath !== world.repo).toBe(true);
      },
      { runs: 2000, budgetMs: 8000 },
    );
    expect(await world.strayFiles()).toEqual([]);
  }, FUZZ_TEST_TIMEOUT);
});

describe("fuzz: .dir manifests", () => {
  it("parse or give a typed error; every accepted relpath is a safe relative path", async () => {
    await fuzz(
      ".dir manifest (parse)",
      manifestText,
      (text) => {
        for (const entry of parseManifest(Buffer.from(text), "fuzz.dir")) expect(unsafePathReason(entry.relpath)).toBeUndefined();
      },
      { runs: 5000, budgetMs: 8000 },
    );
  }, FUZZ_TEST_TIMEOUT);

  it("pulled end to end from a local remote: success or a typed error, and nothing written outside the repository", async () => {
    const remote = new LocalRemote("fuzz", world.remoteDir);
    await world.plant("x");
    await fuzz(
      ".dir manifest (pull)",
      manifestText,
      async (text) => {
        await rm(join(world.repo, "data"), { recursive: true, force: true });
        const md5 = await world.plant(text, true);
        await writeFile(join(world.repo, "data.dvc"), `outs:\n- md5: ${md5}\n  hash: md5\n  path: data\n`);
        await pullData(world.repo, remote, { force: true });
      },
      { runs: 1000, budgetMs: 8000 },
    );
    expect(await world.strayFiles()).toEqual([]);
  }, FUZZ_TEST_TIMEOUT);
});

describe("fuzz: stockops.lock", () => {
  const lockText = fc.oneof(
    fc
      .array(fc.tuple(fc.constantFrom("features", "train", "evaluate", "report", "constructor", "__proto__"), fc.dictionary(hostilePath, fc.string({ maxLength: 8 }), { maxKeys: 3 })), { maxLength: 4 })
      .map((stages) => `{"schema": 1, "stages": {${stages.map(([name, outputs]) => `"${name}": {"inputs": {}, "outputs": ${JSON.stringify(outputs)}}`).join(", ")}}}`),
    mutated(fc.constant('{"schema": 1, "stages": {"train": {"inputs": {"config": "ab"}, "outputs": {"models/AAPL/lineage.json": "cd"}}}}'), ['"../x": "y",', '"/etc/passwd": "y",', "{", "}", '"schema": 2,', '"stages": {},']),
    fc.string({ maxLength: 60 }),
  );
  it("parses or gives a ConfigError; every accepted output path is a safe relative path", async () => {
    await fuzz(
      "stockops.lock",
      lockText,
      (text) => {
        const lock = parseStageLock(text, "stockops.lock");
        for (const entry of Object.values(lock.stages)) for (const path of Object.keys(entry?.outputs ?? {})) expect(unsafePathReason(path)).toBeUndefined();
      },
      { runs: 5000, budgetMs: 8000 },
    );
  }, FUZZ_TEST_TIMEOUT);
});
