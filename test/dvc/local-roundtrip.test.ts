import { chmod, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addData } from "../../src/dvc/add.js";
import { md5Hex } from "../../src/dvc/dir-manifest.js";
import { readDvcConfig, resolveRemote } from "../../src/dvc/dvc-config.js";
import { LocalRemote } from "../../src/dvc/local-remote.js";
import { objectKey } from "../../src/dvc/object-cache.js";
import { openRemote } from "../../src/dvc/remote.js";
import { dataStatus } from "../../src/dvc/status.js";
import { pullData, pushData } from "../../src/dvc/transfer.js";
import { verifyData } from "../../src/dvc/verify.js";
import { readVerifiedDataFile } from "../../src/dvc/read-verified.js";
import { IntegrityError, DataError } from "../../src/errors.js";
import { snapshot, tempRepo, PRICES_HEADER } from "./helpers.js";

const AAPL = `${PRICES_HEADER}2024-01-02,187.15,188.44,183.89,185.64,184.94,82488700\n2024-01-03,184.22,185.88,183.43,184.25,183.55,58414500\n`;
const MSFT = `${PRICES_HEADER}2024-01-02,373.86,375.90,366.77,370.87,368.16,25258600\n`;

async function repoWithData() {
  return tempRepo({
    "data/AAPL.csv": AAPL,
    "data/nested/MSFT.csv": MSFT,
    ".dvc/config": "[core]\n    remote = store\n['remote \"store\"']\n    url = ../remote-store\n",
  });
}

describe("add → push → delete → pull round trip on a local remote", () => {
  it("writes data.dvc as DVC 3 would and stores the objects under files/md5", async () => {
    const repo = await repoWithData();
    const { out } = await addData(repo, "data");
    const manifest = `[{"md5": "${md5Hex(AAPL)}", "relpath": "AAPL.csv"}, {"md5": "${md5Hex(MSFT)}", "relpath": "nested/MSFT.csv"}]`;
    expect(out.md5).toBe(`${md5Hex(manifest)}.dir`);
    expect(await readFile(join(repo, "data.dvc"), "utf8")).toBe(
      `outs:\n- md5: ${md5Hex(manifest)}.dir\n  size: ${AAPL.length + MSFT.length}\n  nfiles: 2\n  hash: md5\n  path: data\n`,
    );
    expect(await readFile(join(repo, ".dvc/cache", objectKey(out.md5)), "utf8")).toBe(manifest);
    expect(await readFile(join(repo, ".dvc/cache", objectKey(md5Hex(AAPL))), "utf8")).toBe(AAPL);
  });

  it("reports each state along the way and gets identical bytes back", async () => {
    const repo = await repoWithData();
    const before = await snapshot(join(repo, "data"));
    const { out } = await addData(repo, "data");
    const remote = await openRemote(resolveRemote(await readDvcConfig(repo), repo), {});
    expect(remote).toBeInstanceOf(LocalRemote);
    expect((remote as LocalRemote).root).toBe(join(repo, "remote-store"));

    let status = (await dataStatus(repo, { remote })).outs[0]!;
    expect(status).toMatchObject({ workspace: "unchanged", missingInCache: [], format: "dvc3" });
    expect(status.missingInRemote).toHaveLength(3);

    const pushed = await pushData(repo, remote);
    expect(pushed.transferred).toHaveLength(3);
    expect(pushed.transferred.at(-1)).toBe(out.md5);
    expect((await pushData(repo, remote)).transferred).toEqual([]);
    status = (await dataStatus(repo, { remote })).outs[0]!;
    expect(status.missingInRemote).toEqual([]);

    await rm(join(repo, "data"), { recursive: true });
    await rm(join(repo, ".dvc/cache"), { recursive: true, force: true });
    status = (await dataStatus(repo, { remote })).outs[0]!;
    expect(status.workspace).toBe("missing");
    expect(status.missingInCache).toEqual([out.md5]);
    expect(status.missingInRemote).toEqual([]);

    const pulled = await pullData(repo, remote);
    expect(pulled.transferred).toHaveLength(3);
    expect(pulled.written.sort()).toEqual(["data/AAPL.csv", "data/nested/MSFT.csv"]);
    expect(await snapshot(join(repo, "data"))).toEqual(before);
    status = (await dataStatus(repo, { remote })).outs[0]!;
    expect(status).toMatchObject({ workspace: "unchanged", missingInCache: [], missingInRemote: [] });
    await expect(verifyData(repo)).resolves.toMatchObject({ filesHashed: 2, objectsHashed: 3, missingInCache: [] });
  });

  it("status names added, deleted and modified files against the recorded manifest", async () => {
    const repo = await repoWithData();
    await addData(repo, "data");
    await writeFile(join(repo, "data/AAPL.csv"), AAPL.replace("185.64", "185.65"));
    await writeFile(join(repo, "data/IBM.csv"), PRICES_HEADER);
    await rm(join(repo, "data/nested/MSFT.csv"));
    const status = (await dataStatus(repo)).outs[0]!;
    expect(status.workspace).toBe("modified");
    expect(status.changes).toEqual({ added: ["IBM.csv"], deleted: ["nested/MSFT.csv"], modified: ["AAPL.csv"] });
  });

  it("pull refuses to overwrite a changed workspace file unless forced", async () => {
    const repo = await repoWithData();
    await addData(repo, "data");
    const remote = await openRemote(resolveRemote(await readDvcConfig(repo), repo), {});
    await pushData(repo, remote);
    await writeFile(join(repo, "data/AAPL.csv"), `${AAPL}2024-01-04,1,1,1,1,1,1\n`);
    await writeFile(join(repo, "data/extra.csv"), "x");
    await expect(pullData(repo, remote)).rejects.toThrow(DataError);
    expect(await readFile(join(repo, "data/extra.csv"), "utf8")).toBe("x");
    const forced = await pullData(repo, remote, { force: true });
    expect(forced.written).toEqual(["data/AAPL.csv"]);
    expect(forced.removed).toEqual(["data/extra.csv"]);
    expect(await readFile(join(repo, "data/AAPL.csv"), "utf8")).toBe(AAPL);
  });
});

describe("integrity", () => {
  it("one flipped byte in data/ fails verify and the verified read, naming the file and both hashes", async () => {
    const repo = await repoWithData();
    await addData(repo, "data");
    const flipped = AAPL.replace("187.15", "187.16");
    await writeFile(join(repo, "data/AAPL.csv"), flipped);
    const expected = [md5Hex(AAPL), md5Hex(flipped)];
    const verifyError = await verifyData(repo).catch((error: unknown) => error);
    expect(verifyError).toBeInstanceOf(IntegrityError);
    expect((verifyError as Error).message).toContain("data/AAPL.csv");
    for (const hash of expected) expect((verifyError as Error).message).toContain(hash);
    const readError = await readVerifiedDataFile(repo, "AAPL.csv").catch((error: unknown) => error);
    expect(readError).toBeInstanceOf(IntegrityError);
    expect((readError as Error).message).toContain("data/AAPL.csv");
    for (const hash of expected) expect((readError as Error).message).toContain(hash);
  });

  it("a flipped byte in another tracked file also stops the verified read (the dataset is pinned whole)", async () => {
    const repo = await repoWithData();
    await addData(repo, "data");
    await writeFile(join(repo, "data/nested/MSFT.csv"), MSFT.replace("373.86", "373.87"));
    await expect(readVerifiedDataFile(repo, "AAPL.csv")).rejects.toThrow(/nested\/MSFT\.csv.*recorded/);
  });

  it("a flipped byte that keeps size and mtime is still caught by verify (full re-hash, no hash cache)", async () => {
    const repo = await repoWithData();
    await addData(repo, "data");
    const { utimes, stat } = await import("node:fs/promises");
    const path = join(repo, "data/AAPL.csv");
    const info = await stat(path);
    await writeFile(path, AAPL.replace("187.15", "187.16"));
    await utimes(path, info.atime, info.mtime);
    await expect(verifyData(repo)).rejects.toThrow(IntegrityError);
  });

  it("a corrupted cache object fails verify and is never pushed", async () => {
    const repo = await repoWithData();
    await addData(repo, "data");
    const objectPath = join(repo, ".dvc/cache", objectKey(md5Hex(AAPL)));
    await chmod(objectPath, 0o644);
    await writeFile(objectPath, AAPL.replace("187.15", "187.16"));
    await expect(verifyData(repo)).rejects.toThrow(new RegExp(`corrupted cache object: expected md5 ${md5Hex(AAPL)}`));
    const remote = await openRemote(resolveRemote(await readDvcConfig(repo), repo), {});
    await expect(pushData(repo, remote)).rejects.toThrow(IntegrityError);
    expect(await remote.has(md5Hex(AAPL))).toBe(false);
    expect(await remote.has(md5Hex(MSFT))).toBe(false);
  });

  it("pull replaces a corrupted cache object with the verified copy from the remote", async () => {
    const repo = await repoWithData();
    await addData(repo, "data");
    const remote = await openRemote(resolveRemote(await readDvcConfig(repo), repo), {});
    await pushData(repo, remote);
    const objectPath = join(repo, ".dvc/cache", objectKey(md5Hex(AAPL)));
    await chmod(objectPath, 0o644);
    await writeFile(objectPath, "garbage");
    await rm(join(repo, "data/AAPL.csv"));
    const pulled = await pullData(repo, remote);
    expect(pulled.transferred).toEqual([md5Hex(AAPL)]);
    expect(await readFile(objectPath, "utf8")).toBe(AAPL);
    expect(await readFile(join(repo, "data/AAPL.csv"), "utf8")).toBe(AAPL);
    await expect(verifyData(repo)).resolves.toMatchObject({ objectsHashed: 3 });
  });

  it("the CLI prints one error line naming the file and both hashes, and exits 1", async () => {
    const { vi } = await import("vitest");
    const { runCli } = await import("../../src/cli/run-cli.js");
    const { default: data } = await import("../../src/cli/commands/data.js");
    const repo = await repoWithData();
    await addData(repo, "data");
    const flipped = AAPL.replace("58414500", "58414501");
    await writeFile(join(repo, "data/AAPL.csv"), flipped);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await runCli(["data", "verify", "--dir", repo], [data], { out: () => {} })).toBe(1);
      const lines = stderr.mock.calls.map(([text]) => String(text));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: .*data/AAPL\\.csv: md5 mismatch: data\\.dvc records ${md5Hex(AAPL)}, the file hashes to ${md5Hex(flipped)}`));
    } finally {
      stderr.mockRestore();
    }
  });

  it("the verified read returns the bytes and data.dvc's md5 as the data version", async () => {
    const repo = await repoWithData();
    const { out } = await addData(repo, "data");
    const read = await readVerifiedDataFile(repo, "nested/MSFT.csv");
    expect(read.bytes.toString()).toBe(MSFT);
    expect(read.dataVersion).toBe(out.md5);
    expect(read.md5).toBe(md5Hex(MSFT));
    await expect(readVerifiedDataFile(repo, "GOOG.csv")).rejects.toThrow(DataError);
  });
});
