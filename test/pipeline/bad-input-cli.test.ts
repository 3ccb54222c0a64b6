import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { BAD_INPUT_CASES, writeCase } from "../fixtures/bad-input/cases.js";
import { snapshotTree } from "../support/model-branch.js";

describe("stockops run on broken input: non-zero exit, one clear line, nothing written", async () => {
  const commands = await loadCommands();
  it("has a corpus of at least 25 cases", () => expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(25));
  for (const badCase of BAD_INPUT_CASES) {
    it(badCase.name, async () => {
      const dir = await mkdtemp(join(tmpdir(), "stockops-bad-"));
      await writeCase(dir, badCase);
      const before = await snapshotTree(dir);
      const errors: string[] = [];
      const code = await runCli(["run", "--dir", dir], commands, { logger: memoryLogger(), out: () => {} }, (text) => errors.push(text));
      expect(code).not.toBe(0);
      const message = errors.join("").trim();
      expect(message.split("\n")).toHaveLength(1);
      for (const pattern of badCase.expect) expect(message).toMatch(pattern);
      expect(await snapshotTree(dir)).toEqual(before);
    });
  }
});
