import { readFileSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../../src/cli/run-cli.js";
import data from "../../../src/cli/commands/data.js";
import { addData } from "../../../src/dvc/add.js";
import { memoryLogger } from "../../../src/logger/logger.js";
import { createTempRepo } from "../../support/temp-repo.js";

/** Expected bytes: ruamel.yaml's dump as DVC configures it (see the table's `about`). */
const table = JSON.parse(readFileSync(new URL("./dvc-dump-cases.json", import.meta.url), "utf8")) as { cases: [string, unknown, string][] };

const FOLDERS = ["2024-01-01", "1_000", "tab\tname"];

describe("stockops data add writes the .dvc DVC writes", () => {
  it("folders named 2024-01-01, 1_000 and with a tab: bytes equal to ruamel's dump as DVC configures it, read back by a YAML 1.1 loader as strings", async () => {
    const repo = await createTempRepo({ ".dvc/config": "" });
    for (const folder of FOLDERS) {
      await mkdir(join(repo, folder), { recursive: true });
      await writeFile(join(repo, folder, "prices.csv"), "close\n101.5\n");
      await writeFile(join(repo, folder, "note.txt"), "x");
      const code = await runCli(["data", "add", folder], [data], { out: () => {}, cwd: repo, env: {}, logger: memoryLogger() }, () => {});
      expect(code).toBe(0);
      const text = await readFile(join(repo, `${folder}.dvc`), "utf8");
      const expected = table.cases.find(([name]) => name === `data add acceptance ${JSON.stringify(folder)}`)![2];
      expect(text).toBe(expected);
      const loaded = parse(text, { version: "1.1" }) as { outs: { path: unknown }[] };
      expect(loaded.outs[0]!.path).toBe(folder);
    }
  });

  it("re-add keeps the user's fields and comments (DVC's tests/func/test_add.py test_add_preserve_fields)", async () => {
    const before = ["# top comment", "desc: top desc", "outs:", "- path: foo # out comment", "  desc: out desc", "  type: mytype", "  labels:", "  - label1", "  - label2", "  remote: testremote", "meta: some metadata", ""].join("\n");
    const repo = await createTempRepo({ ".dvc/config": "", "foo.dvc": before, foo: "foo" });
    await addData(repo, "foo");
    const after = ["# top comment", "desc: top desc", "outs:", "- path: foo # out comment", "  desc: out desc", "  type: mytype", "  labels:", "  - label1", "  - label2", "  remote: testremote", "  md5: acbd18db4cc2f85cedef654fccc4a4d8", "  size: 3", "  hash: md5", "meta: some metadata", ""].join("\n");
    expect(await readFile(join(repo, "foo.dvc"), "utf8")).toBe(after);
    // a second add with nothing changed rewrites nothing
    await addData(repo, "foo");
    expect(await readFile(join(repo, "foo.dvc"), "utf8")).toBe(after);
  });

  it("an executable file gets isexec: true between nfiles and hash (dvc-data Meta.to_dict)", async () => {
    const repo = await createTempRepo({ ".dvc/config": "", "run.sh": "foo" });
    await chmod(join(repo, "run.sh"), 0o755);
    await addData(repo, "run.sh");
    expect(await readFile(join(repo, "run.sh.dvc"), "utf8")).toBe(table.cases.find(([name]) => name === "executable")![2]);
  });
});
