import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEGACY_CHUNK_BYTES, legacyMd5 } from "../../../src/dvc/dos2unix.js";
import { compile } from "../../../src/dvc/dvc-ignore.js";
import { listFiles } from "../../../src/dvc/workspace.js";
import { makeTempDir } from "../../support/temp-repo.js";

const md5 = (data: Uint8Array | string) => createHash("md5").update(data).digest("hex");

describe("DVC 2 legacy md5 (dvc 2.x dvc/utils/__init__.py file_md5, _fobj_md5)", () => {
  it("converts CRLF in each 1 MiB chunk on its own: a CRLF across the boundary stays", () => {
    const text = Buffer.alloc(LEGACY_CHUNK_BYTES + 10, "a");
    text[LEGACY_CHUNK_BYTES - 1] = 0x0d;
    text[LEGACY_CHUNK_BYTES] = 0x0a;
    text.write("\r\nz", LEGACY_CHUNK_BYTES + 5);
    const expected = createHash("md5").update(text.subarray(0, LEGACY_CHUNK_BYTES)).update(Buffer.from(text.subarray(LEGACY_CHUNK_BYTES).toString("latin1").replace("\r\n", "\n"), "latin1")).digest("hex");
    expect(legacyMd5(text)).toBe(expected);
    expect(legacyMd5(text)).not.toBe(md5(Buffer.from(text.toString("latin1").replace(/\r\n/g, "\n"), "latin1")));
  });
  it("decides text or binary once, from the first 512 bytes (istextfile)", () => {
    const binaryStart = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from("a\r\nb")]);
    expect(legacyMd5(binaryStart)).toBe(md5(binaryStart));
    expect(legacyMd5(Buffer.from("a\r\nb\r\n"))).toBe(md5("a\nb\n"));
  });
});

describe(".dvcignore and DVC's default ignores in directory hashing (dvc/ignore.py, pathspec gitwildmatch)", () => {
  const cases: [pattern: string, path: string, isDir: boolean, matches: boolean][] = [
    ["*.tmp", "a.tmp", false, true],
    ["*.tmp", "sub/deep/a.tmp", false, true],
    ["*.tmp", "a.tmpx", false, false],
    ["/top.csv", "top.csv", false, true],
    ["/top.csv", "sub/top.csv", false, false],
    ["cache/", "cache", true, true],
    ["cache/", "cache", false, false],
    ["cache/", "x/cache", true, true],
    ["a/b.csv", "a/b.csv", false, true],
    ["a/b.csv", "z/a/b.csv", false, false],
    ["**/logs", "x/y/logs", true, true],
    ["a/**/b", "a/x/y/b", false, true],
    ["a/**/b", "a/b", false, true],
    ["?.csv", "1.csv", false, true],
    ["?.csv", "12.csv", false, false],
    ["[ab].csv", "a.csv", false, true],
    ["[!ab].csv", "a.csv", false, false],
    ["\\#hash", "#hash", false, true],
  ];
  it.each(cases)("%s against %s (dir: %s) → %s", (pattern, path, isDir, matches) => {
    const compiled = compile(pattern)!;
    expect(compiled.regex.test(path) || (isDir && compiled.regex.test(`${path}/`))).toBe(matches);
  });

  it("a tracked folder's file list leaves out .dvcignore matches, negations re-include, nested .dvcignore files are relative, .git/.hg/.dvc never hashed", async () => {
    const repo = await makeTempDir("dvcignore-");
    await mkdir(join(repo, ".dvc"), { recursive: true });
    const files: Record<string, string> = {
      ".dvcignore": "# comment\n*.tmp\n!keep.tmp\nscratch/\n",
      "data/a.csv": "a",
      "data/b.tmp": "b",
      "data/keep.tmp": "k",
      "data/scratch/x.csv": "x",
      "data/.git/HEAD": "ref",
      "data/.hg/store": "s",
      "data/.dvc/config": "",
      "data/sub/.dvcignore": "/local.csv\n",
      "data/sub/local.csv": "l",
      "data/sub/deeper/local.csv": "d",
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(repo, path, ".."), { recursive: true });
      await writeFile(join(repo, path), text);
    }
    expect(await listFiles(join(repo, "data"))).toEqual(["a.csv", "keep.tmp", "sub/.dvcignore", "sub/deeper/local.csv"]);
  });
});
