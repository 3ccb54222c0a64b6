// git can commit a symbolic link, so a fork's checkout may hold any file as a link to /dev/zero or outside the
// repository (issue 16). The pipeline and the data commands neither follow nor read through them.
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { HashCache, hashCachePath } from "../../src/dvc/hash-cache.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { attackWorld, type AttackWorld } from "./attack-world.js";

let world: AttackWorld;
afterEach(async () => world?.cleanup());

const TOML = `symbol = "AAPL"\nteam = "red"\nseed = 7\n\n[data]\nsource = "package"\n\n[model]\nkind = "naive"\n`;

describe("links committed into a checkout", () => {
  it("stockops.toml as a link to /dev/zero is refused, not read forever", async () => {
    world = await attackWorld();
    await symlink("/dev/zero", join(world.repo, "stockops.toml"));
    await expect(runPipeline({ dir: world.repo, logger: memoryLogger() })).rejects.toThrow(/stockops\.toml: is under \/dev\/, not a regular file/);
  });

  it("a model folder linked outside the repository is refused before any artifact is written through it", async () => {
    world = await attackWorld();
    await writeFile(join(world.repo, "stockops.toml"), TOML);
    await mkdir(join(world.repo, "models"));
    await symlink(world.outside, join(world.repo, "models", "AAPL"));
    await expect(runPipeline({ dir: world.repo, logger: memoryLogger() })).rejects.toThrow(/"models\/AAPL" is a symbolic link/);
    expect(await world.strayFiles()).toEqual([]);
  });

  it("a recorded output linked to /dev/zero only makes the stage run again (and is then refused, not written through)", async () => {
    world = await attackWorld();
    await writeFile(join(world.repo, "stockops.toml"), TOML);
    await runPipeline({ dir: world.repo, until: "features", logger: memoryLogger() });
    const features = join(world.repo, "models", "AAPL", "features.json");
    await rm(features);
    await symlink("/dev/zero", features);
    await expect(runPipeline({ dir: world.repo, until: "features", logger: memoryLogger() })).rejects.toThrow(/"models\/AAPL\/features\.json" is a symbolic link/);
  });

  it(".dvc/config as a link to /dev/zero stops data pull with a typed error", async () => {
    world = await attackWorld();
    await mkdir(join(world.repo, ".dvc"));
    await symlink("/dev/zero", join(world.repo, ".dvc", "config"));
    await writeFile(join(world.repo, "data.dvc"), "outs:\n- md5: d751713988987e9331980363e24189ce.dir\n  hash: md5\n  path: data\n");
    const errors: string[] = [];
    const code = await runCli(["data", "pull"], await loadCommands(), { logger: memoryLogger(), out: () => {}, env: {}, cwd: world.repo }, (text) => errors.push(text));
    expect(code).toBe(1);
    expect(errors.join("")).toMatch(/\.dvc\/config: is under \/dev\/, not a regular file; expected a config file/);
  });

  it("a hash cache linked to /dev/zero is ignored (it only costs a re-hash)", async () => {
    world = await attackWorld();
    await mkdir(join(world.repo, ".dvc", "tmp"), { recursive: true });
    await symlink("/dev/zero", hashCachePath(world.repo));
    await writeFile(join(world.repo, "x.csv"), "a\n");
    const cache = await HashCache.load(world.repo);
    expect((await cache.md5(join(world.repo, "x.csv"))).size).toBe(2);
  });
});
