import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { EMPTY_DIR_MD5, md5Hex, parseManifest, serializeManifest, sortManifest } from "../../src/dvc/dir-manifest.js";
import { legacyMd5 } from "../../src/dvc/dos2unix.js";
import { parseDvcFile, serializeDvcFile } from "../../src/dvc/dvc-file.js";
import { parseDvcConfig, resolveRemote } from "../../src/dvc/dvc-config.js";
import { bareMd5 } from "../../src/dvc/object-cache.js";
import { parse } from "yaml";
import { NEEDS_SHARED, hasSharedPrices } from "../support/real-prices.js";

// Authentic DVC-written files copied from public repositories; see ../shared/fixtures/dvc/README.md.
const FIXTURES = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "dvc");
const present = hasSharedPrices && existsSync(FIXTURES);

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path)));
    else found.push(path);
  }
  return found;
}

async function objectFiles(): Promise<string[]> {
  return (await filesUnder(FIXTURES)).filter((path) => /\/files\/md5\/[0-9a-f]{2}\/[0-9a-f]{30}(\.dir)?$/.test(path));
}

const objectName = (path: string) => path.split("/").slice(-2).join("");

describe.skipIf(!present)(`authentic DVC fixtures (../shared/fixtures/dvc) ${NEEDS_SHARED}`, () => {
  it("every DVC 3 object hashes to its name, and every .dir manifest re-serializes byte for byte", async () => {
    const objects = await objectFiles();
    expect(objects.length).toBeGreaterThanOrEqual(20);
    let manifests = 0;
    for (const path of objects) {
      const bytes = await readFile(path);
      expect(md5Hex(bytes), relative(FIXTURES, path)).toBe(bareMd5(objectName(path)));
      if (path.endsWith(".dir")) {
        manifests++;
        const entries = parseManifest(bytes, path);
        expect(serializeManifest(entries).equals(bytes), relative(FIXTURES, path)).toBe(true);
        expect(sortManifest(entries)).toEqual(entries);
      }
    }
    expect(manifests).toBe(8);
  });

  it("reproduces the recorded .dir hashes, sizes and nfiles of the local-remote case, in all 3 versions", async () => {
    const root = join(FIXTURES, "dvc3-dir-dvcfile-local-remote");
    const dvcFiles = [join(root, "data.dvc"), ...(await filesUnder(join(root, "history")))];
    expect(dvcFiles).toHaveLength(4);
    for (const dvcPath of dvcFiles) {
      const out = parseDvcFile(await readFile(dvcPath, "utf8"), dvcPath).outs[0]!;
      const manifestPath = join(root, "S3", "files", "md5", out.md5.slice(0, 2), out.md5.slice(2));
      const entries = parseManifest(await readFile(manifestPath), manifestPath);
      const rebuilt = [];
      let size = 0;
      for (const entry of entries) {
        const member = await readFile(join(root, "S3", "files", "md5", entry.md5.slice(0, 2), entry.md5.slice(2)));
        rebuilt.push({ relpath: entry.relpath, md5: md5Hex(member) });
        size += member.length;
      }
      expect(`${md5Hex(serializeManifest(rebuilt))}.dir`).toBe(out.md5);
      expect(size).toBe(out.size);
      expect(entries.length).toBe(out.nfiles);
    }
  });

  it("reproduces the nested, multi-file and empty directories of the dvc.lock case", async () => {
    const root = join(FIXTURES, "dvc3-lock-dirs-local-remote");
    const lock = parse(await readFile(join(root, "dvc.lock"), "utf8")) as {
      stages: Record<string, { deps?: LockEntry[]; outs?: LockEntry[] }>;
    };
    type LockEntry = { path: string; md5: string; size: number; nfiles?: number; hash: string };
    const storage = join(root, ".dvc", "storage", "files", "md5");
    const entries = Object.values(lock.stages).flatMap((stage) => [...(stage.deps ?? []), ...(stage.outs ?? [])]);
    const checked: string[] = [];
    for (const entry of entries) {
      const objectPath = join(storage, entry.md5.slice(0, 2), entry.md5.slice(2));
      if (!existsSync(objectPath)) continue;
      const bytes = await readFile(objectPath);
      if (!entry.md5.endsWith(".dir")) {
        expect(md5Hex(bytes)).toBe(entry.md5);
        expect(bytes.length).toBe(entry.size);
        checked.push(entry.path);
        continue;
      }
      const manifest = parseManifest(bytes, objectPath);
      expect(`${md5Hex(serializeManifest(manifest))}.dir`).toBe(entry.md5);
      expect(manifest.length).toBe(entry.nfiles);
      const members = manifest.map((item) => join(storage, item.md5.slice(0, 2), item.md5.slice(2)));
      if (members.every((path) => existsSync(path))) {
        let size = 0;
        for (const path of members) size += (await readFile(path)).length;
        expect(size).toBe(entry.size);
      }
      checked.push(entry.path);
    }
    expect(checked).toEqual(expect.arrayContaining(["data/raw/nsd", "outputs", "data/raw/nsd/images", "data/processed/nsd/roi"]));
    const empty = entries.find((entry) => entry.path === "data/raw/nsd/images")!;
    expect(empty.md5).toBe(`${EMPTY_DIR_MD5}.dir`);
    expect(serializeManifest([]).toString()).toBe("[]");
  });

  it("reproduces the 19-entry manifest: code-point order, duplicates counted, a space and nesting", async () => {
    const root = join(FIXTURES, "dvc3-dir-manifest-19-entries");
    const out = parseDvcFile(await readFile(join(root, "data.dvc"), "utf8"), "data.dvc").outs[0]!;
    const path = join(root, ".dvc", "cache", "files", "md5", "23", "3cf5a311d0b9a3af7fda8983d2cc76.dir");
    const bytes = await readFile(path);
    const entries = parseManifest(bytes, path);
    expect(entries).toHaveLength(out.nfiles!);
    const shuffled = [...entries].reverse();
    expect(serializeManifest(shuffled).equals(bytes)).toBe(true);
    expect(`${md5Hex(serializeManifest(shuffled))}.dir`).toBe(out.md5);
    expect(entries.map((entry) => entry.relpath)).toContain("Online Retail.xlsx");
  });

  it("reproduces single-file .dvc hashes: UTF-8 content and the CRLF Titanic files (DVC 3 raw bytes)", async () => {
    const text = join(FIXTURES, "dvc3-file-dvcfile", "data");
    const textOut = parseDvcFile(await readFile(join(text, "data.txt.dvc"), "utf8"), "data.txt.dvc").outs[0]!;
    const bytes = await readFile(join(text, "data.txt"));
    expect(md5Hex(bytes)).toBe(textOut.md5);
    expect(bytes.length).toBe(textOut.size);
    const titanic = join(FIXTURES, "dvc3-vs-dvc2-crlf-titanic");
    for (const name of ["train.csv", "test.csv", "gender_submission.csv"]) {
      const out = parseDvcFile(await readFile(join(titanic, "data", "raw", `${name}.dvc`), "utf8"), name).outs[0]!;
      const crlf = await readFile(join(titanic, "reconstructed-crlf", "data", "raw", name));
      expect(out.hash).toBe("md5");
      expect(md5Hex(crlf)).toBe(out.md5);
      expect(crlf.length).toBe(out.size);
    }
  });

  it("reproduces DVC 2 hashes: md5 of dos2unix(bytes) for text, raw size recorded", async () => {
    const titanic = join(FIXTURES, "dvc3-vs-dvc2-crlf-titanic");
    expect(legacyMd5(await readFile(join(titanic, "reconstructed-crlf", "data", "raw", "train.csv")))).toBe("61fdd54abdbf6a85b778e937122e1194");
    expect(legacyMd5(await readFile(join(titanic, "reconstructed-crlf", "data", "raw", "test.csv")))).toBe("029c9cd22461f6dbe8d9ab01def965c6");
    const root = join(FIXTURES, "dvc2-file-dos2unix");
    const out = parseDvcFile(await readFile(join(root, "data", "data.csv.dvc"), "utf8"), "data.csv.dvc").outs[0]!;
    expect(out.hash).toBeUndefined();
    const crlf = await readFile(join(root, "reconstructed-crlf", "data", "data.csv"));
    expect(legacyMd5(crlf)).toBe(out.md5);
    expect(crlf.length).toBe(out.size);
    expect(md5Hex(crlf)).toBe("a823ce3a44a19d93999f768d904ddcb6");
    const legacyObject = await readFile(join(root, ".dvc", "cache", "b0", "1ebc83a58cd17d3f1f331ec15d4ff2"));
    expect(legacyMd5(legacyObject)).toBe(out.md5);
  });

  it("writes .dvc files byte-identical to the ones DVC wrote", async () => {
    const paths = [
      join(FIXTURES, "dvc3-dir-dvcfile-local-remote", "data.dvc"),
      join(FIXTURES, "dvc3-dir-manifest-19-entries", "data.dvc"),
      join(FIXTURES, "dvc3-file-dvcfile", "data", "data.txt.dvc"),
      join(FIXTURES, "dvc2-file-dos2unix", "data", "data.csv.dvc"),
      ...(await filesUnder(join(FIXTURES, "dvc3-vs-dvc2-crlf-titanic", "data"))),
    ];
    for (const path of paths) {
      const text = await readFile(path, "utf8");
      expect(serializeDvcFile(parseDvcFile(text, path)), relative(FIXTURES, path)).toBe(text);
    }
  });

  it("reads the real .dvc/config files and resolves local URLs against .dvc/", async () => {
    const read = async (name: string) => {
      const file = join(FIXTURES, name, ".dvc", "config");
      return parseDvcConfig(await readFile(file, "utf8"), file);
    };
    const s3 = resolveRemote(await read("config-s3-minio-endpointurl"), "/repo");
    expect(s3).toEqual({ kind: "s3", name: "minio", bucket: "ocr-pipeline", prefix: "", endpointUrl: "http://127.0.0.1:9000" });
    expect(resolveRemote(await read("dvc3-dir-dvcfile-local-remote"), "/repo")).toEqual({ kind: "local", name: "myremote", path: "/repo/S3" });
    expect(resolveRemote(await read("dvc3-lock-dirs-local-remote"), "/repo")).toEqual({ kind: "local", name: "localstore", path: "/repo/.dvc/storage" });
    expect(resolveRemote(await read("dvc2-lock-legacy"), "/repo")).toEqual({ kind: "local", name: "storage", path: "/tmp/dvc-remote" });
  });
});

describe.skipIf(!present)(`status and verify on authentic single-file .dvc files ${NEEDS_SHARED}`, () => {
  it("a DVC 2 .dvc file (no hash key) is checked with dos2unix hashes: CRLF and LF copies both match", async () => {
    const { cp } = await import("node:fs/promises");
    const { tempRepo } = await import("./helpers.js");
    const { dataStatus } = await import("../../src/dvc/status.js");
    const { verifyData } = await import("../../src/dvc/verify.js");
    const root = join(FIXTURES, "dvc2-file-dos2unix");
    for (const source of [join(root, "reconstructed-crlf", "data", "data.csv"), join(root, "data", "data.csv")]) {
      const repo = await tempRepo();
      await cp(join(root, "data", "data.csv.dvc"), join(repo, "data", "data.csv.dvc"), { recursive: true });
      await cp(source, join(repo, "data", "data.csv"));
      const status = await dataStatus(repo, { dvcFile: "data/data.csv.dvc" });
      expect(status.outs[0]).toMatchObject({ format: "dvc2", workspace: "unchanged", recordedMd5: "b01ebc83a58cd17d3f1f331ec15d4ff2" });
      await expect(verifyData(repo, { dvcFile: "data/data.csv.dvc" })).resolves.toMatchObject({ filesHashed: 1 });
    }
  });

  it("a DVC 3 .dvc file is checked on raw bytes: the LF copy of a CRLF file is modified", async () => {
    const { cp } = await import("node:fs/promises");
    const { tempRepo } = await import("./helpers.js");
    const { dataStatus } = await import("../../src/dvc/status.js");
    const { verifyData } = await import("../../src/dvc/verify.js");
    const titanic = join(FIXTURES, "dvc3-vs-dvc2-crlf-titanic");
    const repo = await tempRepo();
    await cp(join(titanic, "data", "raw", "train.csv.dvc"), join(repo, "raw", "train.csv.dvc"), { recursive: true });
    await cp(join(titanic, "reconstructed-crlf", "data", "raw", "train.csv"), join(repo, "raw", "train.csv"));
    expect((await dataStatus(repo, { dvcFile: "raw/train.csv.dvc" })).outs[0]).toMatchObject({ format: "dvc3", workspace: "unchanged" });
    await cp(join(titanic, "git-blob-lf", "data", "raw", "train.csv"), join(repo, "raw", "train.csv"));
    expect((await dataStatus(repo, { dvcFile: "raw/train.csv.dvc" })).outs[0]).toMatchObject({
      workspace: "modified",
      workspaceMd5: "61fdd54abdbf6a85b778e937122e1194",
    });
    await expect(verifyData(repo, { dvcFile: "raw/train.csv.dvc" })).rejects.toThrow(/records 2309cc5f04782ed9bb6016d9f4e381cf, the workspace hashes to 61fdd54abdbf6a85b778e937122e1194/);
  });
});

describe.skipIf(!present)(`interoperating with a remote written by the real dvc CLI ${NEEDS_SHARED}`, () => {
  it("pulls each recorded version of data/ from the committed DVC remote ../S3 and verifies it", async () => {
    const { cp } = await import("node:fs/promises");
    const { tempRepo } = await import("./helpers.js");
    const { readDvcConfig } = await import("../../src/dvc/dvc-config.js");
    const { openRemote } = await import("../../src/dvc/remote.js");
    const { pullData } = await import("../../src/dvc/transfer.js");
    const { verifyData } = await import("../../src/dvc/verify.js");
    const root = join(FIXTURES, "dvc3-dir-dvcfile-local-remote");
    const repo = await tempRepo();
    await cp(join(root, ".dvc"), join(repo, ".dvc"), { recursive: true });
    await cp(join(root, "S3"), join(repo, "S3"), { recursive: true });
    const remote = await openRemote(resolveRemote(await readDvcConfig(repo), repo), {});
    const sizes: number[] = [];
    for (const version of ["6f2d523590c502c0785f1c9796fbf1457c1f5b25", "0f0284fbb19911c1f44871c31ba6f993a3e85677", "8cc4eb7eeb9f652ff66c1b240c644ba12909f242"]) {
      await cp(join(root, "history", version, "data.dvc"), join(repo, "data.dvc"));
      const pulled = await pullData(repo, remote, { force: true });
      expect(pulled.written).toEqual(["data/sample_data.csv"]);
      await expect(verifyData(repo)).resolves.toMatchObject({ filesHashed: 1, objectsHashed: 2 });
      sizes.push((await readFile(join(repo, "data", "sample_data.csv"))).length);
    }
    expect(sizes).toEqual([68, 82, 95]);
  });
});
