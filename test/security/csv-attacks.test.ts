// A stockops.toml others can change points [data] at files outside the repository, at links, at /proc and
// at endless or huge files (issue 16). Every case ends in a typed error that names the file and quotes
// nothing of what lies outside; the figures that bound reads live in src/files/read-bounded.ts.
import { open, mkdir, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { loadPriceSeries } from "../../src/data/load-price-series.js";
import { ConfigError, DataError, StockopsError } from "../../src/errors.js";
import { readBoundedFile } from "../../src/files/read-bounded.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { csvText, HEADER, validRows } from "../fixtures/bad-input/cases.js";
import { attackWorld, mkfifo, type AttackWorld } from "./attack-world.js";

let world: AttackWorld;
afterEach(async () => world?.cleanup());

const SECRET = "ghs_environmentSecretThatMustNotLeak0001";

function csvConfig(path: string) {
  return parseModelConfig(['symbol = "AAPL"', 'team = "red"', "[data]", 'source = "csv"', `path = ${JSON.stringify(path)}`].join("\n"));
}

async function loadError(path: string, confine = false): Promise<StockopsError> {
  const error = await loadPriceSeries(csvConfig(path), world.repo, { confine }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StockopsError);
  expect((error as Error).message).not.toContain("root:x");
  expect((error as Error).message).not.toContain(SECRET);
  return error as StockopsError;
}

describe("[data] path outside the repository", () => {
  it('"../../../../etc/passwd" is refused without reading it, locally and in CI', async () => {
    world = await attackWorld();
    for (const confine of [false, true]) {
      const error = await loadError("../../../../etc/passwd", confine);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/stockops\.toml, field 'data\.path': path "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" climbs out with '\.\.'/);
    }
  });

  it("a relative path to a passwd-like file next to the repository is refused", async () => {
    world = await attackWorld();
    const error = await loadError("../../../outside/passwd");
    expect(error.message).toMatch(/climbs out/);
  });

  it("an absolute path is refused in CI (the actions confine), and locally its content is never quoted", async () => {
    world = await attackWorld();
    const passwd = join(world.outside, "passwd");
    expect((await loadError(passwd, true)).message).toMatch(/is absolute; expected a relative path inside the repository/);
    const local = await loadError(passwd);
    expect(local).toBeInstanceOf(DataError);
    expect(local.message).toMatch(/passwd, line 1: unknown column a value not shown \(the file is outside the repository\)/);
    if (existsSync("/etc/passwd")) expect((await loadError("/etc/passwd")).message).not.toMatch(/root|nologin|bin\/(ba)?sh/);
  });

  it("a symlinked data/AAPL.csv pointing outside is refused, naming the link", async () => {
    world = await attackWorld();
    await mkdir(join(world.repo, "data"));
    await symlink(join(world.outside, "passwd"), join(world.repo, "data", "AAPL.csv"));
    for (const confine of [false, true]) {
      const error = await loadError("data/AAPL.csv", confine);
      expect(error.message).toMatch(/stockops\.toml, field 'data\.path': "data\/AAPL\.csv" is a symbolic link/);
    }
  });

  it("/proc/self/environ is refused without a byte of the environment in the message", async () => {
    world = await attackWorld();
    process.env.STOCKOPS_ATTACK_TOKEN = SECRET;
    try {
      const error = await loadError("/proc/self/environ");
      expect(error.message).toMatch(/is under \/proc\/, not a regular file/);
    } finally {
      delete process.env.STOCKOPS_ATTACK_TOKEN;
    }
  });

  it("stockops run prints neither /etc/passwd-like content nor the environment", async () => {
    world = await attackWorld();
    const errors: string[] = [];
    const out: string[] = [];
    for (const path of [join(world.outside, "passwd"), "/proc/self/environ", "../../../outside/passwd"]) {
      await writeFile(join(world.repo, "stockops.toml"), `symbol = "AAPL"\nteam = "red"\n[data]\nsource = "csv"\npath = ${JSON.stringify(path)}\n`);
      const env = { ...process.env, GITHUB_TOKEN: SECRET };
      const code = await runCli(["run", "--dir", world.repo], await loadCommands(), { logger: memoryLogger(), out: (text) => out.push(text), env, cwd: world.repo }, (text) => errors.push(text));
      expect(code).toBe(1);
    }
    const printed = [...errors, ...out].join("\n");
    expect(printed).not.toContain("root:x");
    expect(printed).not.toContain(SECRET);
    expect(errors).toHaveLength(3);
  });
});

describe("bounded reads: only regular files, capped in size and line length", () => {
  it("/dev/zero is refused at once (it would grow without end)", async () => {
    world = await attackWorld();
    expect((await loadError("/dev/zero")).message).toMatch(/\/dev\/zero: is under \/dev\/, not a regular file; expected a CSV price file/);
  });

  it("a FIFO is refused at once instead of waiting for a writer", async () => {
    world = await attackWorld();
    mkfifo(join(world.repo, "prices.csv"));
    expect((await loadError("prices.csv")).message).toMatch(/prices\.csv: is a FIFO \(named pipe\), not a regular file/);
  });

  it("a folder is refused, naming it", async () => {
    world = await attackWorld();
    await mkdir(join(world.repo, "prices.csv"));
    expect((await loadError("prices.csv")).message).toMatch(/prices\.csv: is a folder, not a regular file/);
  });

  it("a 1 GB single line is refused by the size cap before a byte is read", async () => {
    world = await attackWorld();
    const path = join(world.repo, "huge.csv");
    const handle = await open(path, "w");
    await handle.truncate(1024 ** 3);
    await handle.close();
    const error = await loadError("huge.csv");
    expect(error.message).toMatch(/huge\.csv: is 1073741824 bytes, over the 268435456-byte cap for a CSV price file \(raise STOCKOPS_MAX_CSV_BYTES/);
  });

  it("a line longer than the cap is refused naming its line", async () => {
    world = await attackWorld();
    const rows = csvText(HEADER, validRows(120)).split("\n");
    rows.splice(3, 0, `2000-01-01,${"9".repeat(70_000)}`);
    await writeFile(join(world.repo, "prices.csv"), rows.join("\n"));
    const error = await loadError("prices.csv");
    expect(error.message).toMatch(/prices\.csv, line 4: line longer than 65536 bytes \(70011 bytes\)/);
  });

  it("caps are configurable: a smaller one refuses what the default lets through", async () => {
    world = await attackWorld();
    const path = join(world.repo, "prices.csv");
    await writeFile(path, csvText(HEADER, validRows(120)));
    await expect(readBoundedFile(path, "csv")).resolves.toBeInstanceOf(Buffer);
    await expect(readBoundedFile(path, "csv", { limit: { maxBytes: 100, maxLineBytes: 1000 } })).rejects.toThrow(/over the 100-byte cap/);
    await expect(readBoundedFile(path, "csv", { limit: { maxBytes: 1e6, maxLineBytes: 20 } })).rejects.toThrow(/line 1: line longer than 20 bytes/);
  });
});
