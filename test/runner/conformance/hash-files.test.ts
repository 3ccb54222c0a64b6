import { createHash } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateExpression } from "../../../src/runner/expressions.js";
import { hashFiles } from "../../../src/runner/hash-files.js";

/**
 * hashFiles() corpus. The algorithm is actions/runner's src/Misc/expressionFunc/hashFiles/src/hashFiles.ts:
 * @actions/glob (defaults: implicit descendants, directories matched, hidden files included) walks the
 * patterns' search paths in argument order, depth first, children in byte order; directories and files
 * outside the workspace are skipped; the digest is SHA-256 over each file's raw SHA-256, '' for none.
 * The expected digest of each case is computed here from the files GitHub's globber yields, in order.
 */
const FILES = [".hidden/h.txt", "a/1.txt", "a/b/2.txt", "a/b/c.csv", "data.dvc", "package-lock.json", "src/x.ts", "src/y.ts", "stockops.toml", "x", "xy"];

const CORPUS: [patterns: string[], yields: string[], why: string][] = [
  [["data.dvc", "stockops.toml", "package-lock.json"], ["data.dvc", "stockops.toml", "package-lock.json"], "several patterns: argument order, not path order"],
  [["**/*.txt"], [".hidden/h.txt", "a/1.txt", "a/b/2.txt"], "** includes hidden folders"],
  [["**/*.txt", "!./a/b/2.txt"], [".hidden/h.txt", "a/1.txt"], "a negated ./ pattern excludes"],
  [["a"], ["a/1.txt", "a/b/2.txt", "a/b/c.csv"], "a directory pattern hashes every file below it"],
  [["?"], ["a/1.txt", "a/b/2.txt", "a/b/c.csv", "x"], "? is one character: the folder a and the file x"],
  [["x?"], ["xy"], "? is not a quantifier"],
  [["[xy]"], ["x"], "a character class"],
  [["src/*.ts", "a/b/*.csv"], ["src/x.ts", "src/y.ts", "a/b/c.csv"], "search paths in argument order"],
  [["**/stockops.toml", "stockops.toml"], ["stockops.toml"], "a file matched twice is hashed once"],
  [["a/**", "!a/b"], ["a/1.txt"], "a negated folder excludes what is below it"],
  [["--follow-symbolic-links", "**/*.csv"], ["a/b/c.csv"], "the option GitHub accepts first"],
  [["nothing-*"], [], "no match: empty string"],
];

function expectedDigest(workspace: string, yields: string[]): string {
  if (yields.length === 0) return "";
  const outer = createHash("sha256");
  for (const file of yields) outer.update(createHash("sha256").update(contentOf(file)).digest());
  return outer.digest("hex");
}

const contentOf = (file: string) => `content of ${file}\n`;

describe("hashFiles as the runner computes it", () => {
  let workspace = "";
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), "hashfiles-"));
    workspace = join(root, "workspace");
    for (const file of FILES) {
      await mkdir(dirname(join(workspace, file)), { recursive: true });
      await writeFile(join(workspace, file), contentOf(file));
    }
    await writeFile(join(root, "outside.txt"), contentOf("outside"));
  });
  it.each(CORPUS)("hashFiles(%j) hashes %j (%s)", (patterns, yields) => {
    expect(hashFiles(workspace, patterns)).toBe(expectedDigest(workspace, yields));
  });
  it("through the runner's expression evaluator, with the job's workspace", () => {
    const scope = { contexts: {}, location: { file: "w.yml", line: 4 }, hashFiles: (patterns: string[]) => hashFiles(workspace, patterns) };
    expect(evaluateExpression("hashFiles('data.dvc', 'stockops.toml', 'package-lock.json')", scope)).toBe(expectedDigest(workspace, ["data.dvc", "stockops.toml", "package-lock.json"]));
  });
  it("files outside the workspace are ignored; a relative '..' pattern fails, as @actions/glob refuses it", () => {
    expect(hashFiles(workspace, [join(dirname(workspace), "outside.txt")])).toBe("");
    expect(() => hashFiles(workspace, ["../outside.txt"])).toThrow(/hashFiles\('\.\.\/outside\.txt'\) failed\. .*Relative pathing '\.' and '\.\.' is not allowed/);
  });
  it("an unknown option is an error, as in the runner's HashFilesFunction", () => {
    expect(() => hashFiles(workspace, ["--bogus", "a"])).toThrow(/invalid glob option --bogus, available option: '--follow-symbolic-links'/);
  });
});
