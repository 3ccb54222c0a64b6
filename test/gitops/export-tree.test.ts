import * as nodeFs from "node:fs";
import { lstat, readFile, readlink, rm, stat, symlink, chmod } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exportTree } from "../../src/gitops/export-tree.js";
import { createTempRepo, gitCli, makeTempDir } from "../support/temp-repo.js";

const cleanups: string[] = [];
afterEach(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("exportTree", () => {
  it("writes a commit's files from git objects with their executable bits and links, skipping what it is told, and leaves the clone alone", async () => {
    const repo = await createTempRepo({ "stockops.toml": "symbol = \"AAPL\"\n", "bin/run.sh": "#!/bin/sh\necho hi\n", "models/AAPL/metrics.json": "{}\n", "deep/models/kept.txt": "kept\n" });
    cleanups.push(repo);
    await chmod(join(repo, "bin/run.sh"), 0o755);
    await symlink("stockops.toml", join(repo, "config-link"));
    await gitCli(repo, ["add", "-A"]);
    await gitCli(repo, ["commit", "--quiet", "-m", "exec bit and a link"]);
    const commit = await gitCli(repo, ["rev-parse", "HEAD"]);
    await gitCli(repo, ["checkout", "--quiet", "--detach", "HEAD~1"]);
    const target = await makeTempDir();
    cleanups.push(target);

    const written = await exportTree({ fs: nodeFs, dir: repo, commit, target, skip: (path) => path === "models" });
    expect(written).toBe(4);
    expect(await readFile(join(target, "deep/models/kept.txt"), "utf8")).toBe("kept\n");
    expect((await stat(join(target, "bin/run.sh"))).mode & 0o111).not.toBe(0);
    expect((await stat(join(target, "stockops.toml"))).mode & 0o111).toBe(0);
    expect(await readlink(join(target, "config-link"))).toBe("stockops.toml");
    await expect(lstat(join(target, "models"))).rejects.toThrow(/ENOENT/);
    expect(await gitCli(repo, ["status", "--porcelain"])).toBe("");
    await expect(lstat(join(repo, "config-link"))).rejects.toThrow(/ENOENT/);
  });
});
