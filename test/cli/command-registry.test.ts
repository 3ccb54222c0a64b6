import { describe, expect, it } from "vitest";
import { DECLARED_COMMAND_NAMES, loadCommands } from "../../src/cli/commands/index.js";

describe("command registry", () => {
  it("declares exactly the names its modules define, each once, in help order", async () => {
    const names = (await loadCommands()).map((command) => command.name);
    expect(names).toEqual(DECLARED_COMMAND_NAMES);
    expect(new Set(names).size).toBe(names.length);
  });

  it("loads only the module of a known command", async () => {
    expect((await loadCommands("train")).map((command) => command.name)).toEqual(["run", "features", "train", "evaluate", "report"]);
    expect((await loadCommands("trade")).map((command) => command.name)).toEqual(["trade"]);
  });

  it("loads every command for help, an option or an unknown name, so the error can list them", async () => {
    for (const first of [undefined, "--help", "tarin"]) {
      expect((await loadCommands(first)).map((command) => command.name)).toEqual(DECLARED_COMMAND_NAMES);
    }
  });
});

describe("an unknown command", () => {
  it("exits 2 and lists the commands there are", async () => {
    const { runCli } = await import("../../src/cli/run-cli.js");
    const errors: string[] = [];
    const code = await runCli(["tarin"], await loadCommands("tarin"), { out: () => {} }, (text) => errors.push(text));
    expect(code).toBe(2);
    expect(errors.join("")).toMatch(/^error: unknown command 'tarin'; expected one of: run, features, train, .*doctor \(stockops --help/);
  });
});
