// Fuzzing the configs: stockops.toml (random keys, values, paths, edits), branches.json (names, duplicate keys,
// prototype keys, edits), and the strict JSON reader against JSON.parse on arbitrary JSON and near-JSON.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { teamConfigOf } from "../../src/config/branches-config.js";
import { parseBranchesConfig } from "../../src/config/read-branches-config.js";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { refComponentProblem } from "../../src/config/ref-component.js";
import { StockopsError } from "../../src/errors.js";
import { resolveInside, isWithin } from "../../src/files/confine-path.js";
import { parseStrictJson } from "../../src/files/strict-json.js";
import { fuzz, FUZZ_TEST_TIMEOUT, hostilePath, mutated } from "./harness.js";

const VALID_TOML = `symbol = "AAPL"\nteam = "red"\nseed = 7\n\n[data]\nsource = "csv"\npath = "prices.csv"\nstart = 2001-01-02\n\n[model]\nkind = "ridge"\nalpha = 1\n\n[gate]\nmin_skill_vs_naive = 0\n`;
const TOML_FRAGMENTS = ["[data]", "[model]", "[[x]]", 'path = "../../etc/passwd"', 'path = "/proc/self/environ"', "= =", '"""', "'''", "2024-02-30", "\u0000", "\\u0000", 'symbol = "SPX^"', 'team = "constructor"', "inf", "nan", "1e400", "#", "\r", "[data.x]", 'source = "dvc"', "pin = true"];

const tomlValue = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.string({ maxLength: 10 }).map((text) => JSON.stringify(text)), fc.constantFrom("true", "false", "2024-01-02", "[1, 2]", "{ a = 1 }"), hostilePath.map((path) => JSON.stringify(path)));
const tomlKey = fc.constantFrom("symbol", "team", "seed", "source", "path", "pin", "start", "end", "kind", "alpha", "epochs", "lags", "__proto__", "constructor", "x");
const structuredToml = fc
  .array(fc.oneof(fc.tuple(tomlKey, tomlValue).map(([key, value]) => `${key} = ${value}`), fc.constantFrom("[data]", "[model]", "[features]", "[split]", "[gate]", "[__proto__]")), { maxLength: 12 })
  .map((lines) => `symbol = "AAPL"\nteam = "red"\n${lines.join("\n")}\n`);

const BRANCHES = `{\n  "teams": {\n    "red": { "budget": 15000 },\n    "blue": { "broker": "paper" }\n  },\n  "branches": [\n    { "team": "red", "symbol": "AAPL" },\n    { "team": "blue", "symbol": "BRK.B" }\n  ]\n}\n`;
const JSON_FRAGMENTS = ['"red": {},', '"__proto__": {},', '"constructor": {}', '"SPX^"', '"A.."', '"BRK."', ",", "{", "}", "[", "]", '"', "\\u0000", "1e999", "-0", "01", "true", "null", "\uD800", '"teams": {},'];
const nameArb = fc.oneof(fc.constantFrom("red", "blue", "constructor", "toString", "__proto__", "hasOwnProperty", "a", "HEAD", "-x", "x.lock"), fc.string({ maxLength: 8 }));
const symbolArb = fc.oneof(fc.constantFrom("AAPL", "BRK.B", "SPX^", "A..", "BRK.", "A.LOCK", ".A", "A/B", "A B", "@{"), fc.string({ maxLength: 8 }));
const structuredBranches = fc
  .tuple(fc.array(fc.tuple(nameArb, fc.constantFrom("{}", '{"budget": 9000000, "alpaca_live": true}', '{"budget": -1}', "null", "[]")), { maxLength: 4 }), fc.array(fc.tuple(nameArb, symbolArb), { maxLength: 4 }))
  .map(([teams, branches]) => `{"teams": {${teams.map(([name, body]) => `${JSON.stringify(name)}: ${body}`).join(", ")}}, "branches": [${branches.map(([team, symbol]) => JSON.stringify({ team, symbol })).join(", ")}]}`);

describe("fuzz: stockops.toml", () => {
  it("parses or gives a ConfigError; an accepted [data] path is confined or refused", async () => {
    await fuzz(
      "toml",
      fc.oneof(mutated(fc.constant(VALID_TOML), TOML_FRAGMENTS), structuredToml, fc.string({ maxLength: 200 })),
      (text) => {
        const config = parseModelConfig(text, "stockops.toml");
        expect(refComponentProblem(config.team)).toBeUndefined();
        expect(refComponentProblem(config.symbol)).toBeUndefined();
        if (config.data.path !== undefined) expect(isWithin("/repo", resolveInside("/repo", config.data.path))).toBe(true);
      },
      { runs: 5000, budgetMs: 8000 },
      (error) => expect(error.message.length).toBeLessThan(600),
    );
  }, FUZZ_TEST_TIMEOUT);
});

describe("fuzz: branches.json", () => {
  it("parses or gives a ConfigError; accepted names are git ref components and every branch's team is an own key", async () => {
    await fuzz(
      "json (branches.json)",
      fc.oneof(mutated(fc.constant(BRANCHES), JSON_FRAGMENTS), structuredBranches, fc.json().map((json) => `{"teams": ${json}, "branches": []}`)),
      (text) => {
        const config = parseBranchesConfig(text);
        for (const branch of config.branches) {
          expect(refComponentProblem(branch.team)).toBeUndefined();
          expect(refComponentProblem(branch.symbol)).toBeUndefined();
          expect(teamConfigOf(config, branch.team)).toBeDefined();
        }
        expect(Object.getPrototypeOf(config.teams)).toBe(Object.prototype);
      },
      { runs: 5000, budgetMs: 8000 },
      (error) => expect(error.location.file).toBe("branches.json"),
    );
    expect(({} as Record<string, unknown>).budget).toBeUndefined();
  }, FUZZ_TEST_TIMEOUT);

  it("strict JSON agrees with JSON.parse except that it refuses duplicate and __proto__ keys", async () => {
    const nearJson = fc.oneof(fc.json(), mutated(fc.json(), [",", "{", "}", '"', ":", "\\", "\u0000", "1e999", "-", "01", '"a":1']), fc.string({ maxLength: 40 }));
    await fuzz(
      "json (strict reader vs JSON.parse)",
      nearJson,
      (text) => {
        let expected: unknown;
        let native = true;
        try {
          expected = JSON.parse(text);
        } catch {
          native = false;
        }
        let strict: unknown;
        try {
          strict = parseStrictJson(text, "x.json");
        } catch (error) {
          if (!(error instanceof StockopsError)) throw error;
          if (native) expect(error.message).toMatch(/duplicate key|__proto__/);
          throw error;
        }
        expect(native).toBe(true);
        expect(strict).toEqual(expected);
      },
      { runs: 5000, budgetMs: 8000 },
      (error) => expect(error.message).toMatch(/^x\.json, line \d+: /),
    );
  }, FUZZ_TEST_TIMEOUT);
});
