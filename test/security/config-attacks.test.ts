// branches.json and names (issue 16): duplicate keys, Object.prototype names, and symbols that are no git ref.
// The ref rule is checked against git itself (`git check-ref-format`), the reference for what a branch may be called.
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { branchesConfigSchema, teamConfigOf } from "../../src/config/branches-config.js";
import { refComponentProblem, isTicker } from "../../src/config/ref-component.js";
import { parseBranchesConfig } from "../../src/config/read-branches-config.js";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { ConfigError } from "../../src/errors.js";
import { parseStrictJson } from "../../src/files/strict-json.js";

const TWICE_RED = `{
  "teams": {
    "red": { "budget": 15000 },
    "blue": {},
    "red": { "budget": 9000000, "broker": "alpaca", "alpaca_live": true }
  },
  "branches": [{ "team": "red", "symbol": "AAPL" }]
}
`;

function gitAccepts(branch: string): boolean {
  return spawnSync("git", ["check-ref-format", `refs/heads/${branch}`]).status === 0;
}

describe("branches.json: strict JSON", () => {
  it('a team given twice is an error naming the line of the second "red", not a silent switch to live trading', () => {
    expect(() => parseBranchesConfig(TWICE_RED)).toThrow(ConfigError);
    expect(() => parseBranchesConfig(TWICE_RED)).toThrow(/^branches\.json, line 5: duplicate key "red" \(first on line 3\); expected each key once/);
  });

  it("a duplicate key deep inside is found too, and JSON.parse would have let it through", () => {
    const text = '{"teams": {"red": {"strategy": {"threshold": 0, "threshold": 0.5}}}, "branches": []}';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(() => parseBranchesConfig(text)).toThrow(/line 1: duplicate key "threshold"/);
  });

  it("syntax errors name line and column and quote at most one character", () => {
    const error = (() => {
      try {
        parseBranchesConfig('{\n  "teams": {},\n  "branches": [root:x:0:0:root:/root:/bin/bash]\n}');
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toBe('branches.json, line 3: not valid JSON at column 16, found "r": expected a value (object, array, string, number, true, false or null)');
  });
});

describe("lookups by team cannot reach Object.prototype", () => {
  const builtIns = ["constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];
  it("a branch of the undefined team 'constructor' (a name every object answers to) is refused", () => {
    const text = JSON.stringify({ teams: { red: {} }, branches: [{ team: "constructor", symbol: "AAPL" }] });
    expect(() => parseBranchesConfig(text)).toThrow(/field 'branches\.0\.team': .*team 'constructor' is not defined under "teams"/);
  });

  it("teamConfigOf answers own keys only", () => {
    const config = branchesConfigSchema.parse({ teams: { red: {} }, branches: [] });
    expect(teamConfigOf(config, "red")?.budget).toBe(15_000);
    for (const name of [...builtIns, "__proto__"]) expect(teamConfigOf(config, name)).toBeUndefined();
  });

  it("a team named constructor that is defined is an ordinary team", () => {
    const config = parseBranchesConfig(JSON.stringify({ teams: { constructor: { budget: 1000 } }, branches: [{ team: "constructor", symbol: "AAPL" }] }));
    expect(teamConfigOf(config, "constructor")).toMatchObject({ budget: 1000, broker: "paper" });
  });

  it('a "__proto__" key is refused, naming its line, and pollutes nothing', () => {
    expect(() => parseStrictJson('{\n"a": 1,\n"__proto__": {"polluted": true}}', "x.json")).toThrow(/^x\.json, line 3: key "__proto__" is refused/);
    expect(() => parseBranchesConfig('{"teams": {"__proto__": {"budget": 1}}, "branches": []}')).toThrow(/key "__proto__" is refused/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).budget).toBeUndefined();
  });
});

describe("team names and symbols are valid git ref components at schema time", () => {
  for (const symbol of ["SPX^", "A..", "BRK.", "A..B", "^GSPC", "A-", "A.B.", "A B", "A~1", "A:B", "A?", "A*", "A[1"]) {
    it(`symbol '${symbol}' is refused, with the rule in the message`, () => {
      const text = `symbol = ${JSON.stringify(symbol)}\nteam = "red"\n`;
      expect(() => parseModelConfig(text)).toThrow(/field 'symbol': expected an upper-case ticker such as AAPL or BRK\.B: .*a valid git ref component: no '\.\.'/);
      expect(() => parseBranchesConfig(JSON.stringify({ teams: { red: {} }, branches: [{ team: "red", symbol }] }))).toThrow(/field 'branches\.0\.symbol': expected an upper-case ticker/);
    });
  }

  it("real tickers pass: AAPL, BRK.B, BF-B, SPX, 7203", () => {
    for (const symbol of ["AAPL", "BRK.B", "BF-B", "SPX", "A", "RDS.A", "X1.Y2-Z3"]) expect(isTicker(symbol), symbol).toBe(true);
    expect(() => parseModelConfig('symbol = "BRK.B"\nteam = "red-2"\n')).not.toThrow();
  });

  it("every symbol and team the schemas accept makes a branch name git accepts (checked with git check-ref-format)", () => {
    const symbolChars = fc.constantFrom(..."ABCXYZ0189.-^~:_ ".split(""));
    fc.assert(
      fc.property(fc.string({ unit: symbolChars, minLength: 1, maxLength: 8 }), fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), (symbol, team) => {
        const accepted = parseModelConfigSafely(`symbol = ${JSON.stringify(symbol)}\nteam = ${JSON.stringify(team)}\n`);
        if (accepted) expect(gitAccepts(`${team}/${symbol}`), `${team}/${symbol}`).toBe(true);
      }),
      { seed: 16, numRuns: 150 },
    );
  });

  it("refComponentProblem agrees with git check-ref-format on arbitrary components", () => {
    const chars = fc.constantFrom(..."aZ09.-_@{}^~:?*[\\ lock".split(""));
    fc.assert(
      fc.property(fc.string({ unit: chars, minLength: 1, maxLength: 8 }), (component) => {
        expect(refComponentProblem(component) === undefined, component).toBe(gitAccepts(`x/${component}`));
      }),
      { seed: 16, numRuns: 150 },
    );
  });
});

function parseModelConfigSafely(text: string): boolean {
  try {
    parseModelConfig(text);
    return true;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return false;
  }
}
