import { describe, expect, it } from "vitest";
import {
  compareCodePoints,
  EMPTY_DIR_MD5,
  manifestHash,
  md5Hex,
  pythonJsonString,
  serializeManifest,
} from "../../src/dvc/dir-manifest.js";

const A = "c09d948a87ffe841df16f885da1e4379";
const B = "09141c5a80da68b19b9037169fbf5eaf";

describe("DVC 3 .dir manifest serialization (Python json.dumps(sorted_list, sort_keys=True))", () => {
  it("uses Python's separators, sorted keys and no trailing newline", () => {
    const bytes = serializeManifest([
      { relpath: "b.csv", md5: B },
      { relpath: "a.csv", md5: A },
    ]);
    expect(bytes.toString("utf8")).toBe(`[{"md5": "${A}", "relpath": "a.csv"}, {"md5": "${B}", "relpath": "b.csv"}]`);
  });

  it("reproduces the authentic one-file manifest 574058d9… (bytes quoted in the fixtures README)", () => {
    const entries = [{ md5: A, relpath: "sample_data.csv" }];
    expect(serializeManifest(entries).length).toBe(75);
    expect(manifestHash(entries)).toBe("574058d95d925ae6c392550d499cfafd.dir");
  });

  it("gives an empty folder the manifest [] and md5 d751713988987e9331980363e24189ce", () => {
    expect(serializeManifest([]).toString()).toBe("[]");
    expect(md5Hex(serializeManifest([]))).toBe(EMPTY_DIR_MD5);
    expect(manifestHash([])).toBe(`${EMPTY_DIR_MD5}.dir`);
  });

  it("sorts by the full relpath string in code-point order: upper case < '_' < lower case, '-' < '/'", () => {
    const names = ["processed/after_x.pkl", "__init__.py", "Online Retail.xlsx", "after.pkl", "a/b", "a-b", "processed/PCA.parquet"];
    const sorted = JSON.parse(serializeManifest(names.map((relpath) => ({ md5: A, relpath }))).toString()).map(
      (entry: { relpath: string }) => entry.relpath,
    );
    expect(sorted).toEqual(["Online Retail.xlsx", "__init__.py", "a-b", "a/b", "after.pkl", "processed/PCA.parquet", "processed/after_x.pkl"]);
  });

  it("keeps nested folders as POSIX relpaths with forward slashes unescaped", () => {
    const text = serializeManifest([{ md5: A, relpath: "2025-09-30/00-21-16/.hydra/config.yaml" }]).toString();
    expect(text).toBe(`[{"md5": "${A}", "relpath": "2025-09-30/00-21-16/.hydra/config.yaml"}]`);
  });

  it("escapes non-ASCII as \\uXXXX with lower-case hex, astral characters as surrogate pairs (ensure_ascii)", () => {
    expect(pythonJsonString("¡Hola ITESO!")).toBe('"\\u00a1Hola ITESO!"');
    expect(pythonJsonString("Zürich/日本.csv")).toBe('"Z\\u00fcrich/\\u65e5\\u672c.csv"');
    expect(pythonJsonString("📈.csv")).toBe('"\\ud83d\\udcc8.csv"');
    expect(pythonJsonString('tab\tquote"back\\slash\nnul\u0000del\u007f')).toBe('"tab\\tquote\\"back\\\\slash\\nnul\\u0000del\\u007f"');
    const bytes = serializeManifest([{ md5: A, relpath: "é.csv" }]);
    expect([...bytes].every((byte) => byte < 0x80)).toBe(true);
  });

  it("orders astral characters after U+E000..U+FFFF, as Python does (JS `<` would not)", () => {
    const astral = "\u{1F4C8}"; // 📈, UTF-16 D83D DCC8
    const privateUse = "\uFF01"; // ！ fullwidth exclamation, code point below U+10000
    expect(astral < privateUse).toBe(true); // the UTF-16 trap
    expect(compareCodePoints(astral, privateUse)).toBeGreaterThan(0);
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
    expect(compareCodePoints("\u{1F4C8}", "\u{1F4C9}")).toBeLessThan(0);
    const order = JSON.parse(
      serializeManifest([
        { md5: A, relpath: astral },
        { md5: A, relpath: privateUse },
        { md5: A, relpath: "z" },
      ]).toString(),
    ).map((entry: { relpath: string }) => entry.relpath);
    expect(order).toEqual(["z", privateUse, astral]);
  });
});
