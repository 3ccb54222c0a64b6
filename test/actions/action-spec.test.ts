// action.yml is written from each action's src/spec.ts (the object main.ts reads inputs and sets outputs
// by); this checks the committed files still say exactly what the specs say, and that the entries stay thin.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ActionSpec } from "../../actions/shared/action-spec.js";
import { spec as evaluate } from "../../actions/evaluate/src/spec.js";
import { spec as features } from "../../actions/features/src/spec.js";
import { spec as monitor } from "../../actions/monitor/src/spec.js";
import { spec as publish } from "../../actions/publish/src/spec.js";
import { spec as report } from "../../actions/report/src/spec.js";
import { spec as trade } from "../../actions/trade/src/spec.js";
import { spec as train } from "../../actions/train/src/spec.js";
import { REPO_ROOT } from "./runner-contract.js";

const SPECS: Record<string, ActionSpec> = { evaluate, features, monitor, publish, report, trade, train };

const ACTIONS = join(REPO_ROOT, "actions");
const names = readdirSync(ACTIONS).filter((name) => existsSync(join(ACTIONS, name, "src", "spec.ts"))).sort();

describe("actions/<step>/action.yml against src/spec.ts", () => {
  it("covers every step the workflows use", () => {
    expect(names).toEqual(["evaluate", "features", "monitor", "publish", "report", "trade", "train"]);
  });

  for (const name of names) {
    it(`${name}: same inputs, defaults, outputs and descriptions; runs node24 dist/index.js`, () => {
      const spec = SPECS[name]!;
      const manifest = parse(readFileSync(join(ACTIONS, name, "action.yml"), "utf8"));
      expect(manifest.runs).toEqual({ using: "node24", main: "dist/index.js" });
      expect(manifest.name).toBe(spec.name);
      expect(manifest.description).toBe(spec.description);
      expect(Object.keys(manifest.inputs)).toEqual(Object.keys(spec.inputs));
      for (const [input, declared] of Object.entries(spec.inputs)) {
        expect(manifest.inputs[input], input).toEqual({ description: declared.description, required: Boolean(declared.required), ...(declared.default !== undefined ? { default: declared.default } : {}) });
        expect(manifest.inputs[input].description.length, `${input} is described`).toBeGreaterThan(10);
      }
      expect(manifest.outputs).toEqual(Object.fromEntries(Object.entries(spec.outputs).map(([output, description]) => [output, { description }])));
      expect(existsSync(join(ACTIONS, name, "dist", "index.js")), "dist/index.js is committed").toBe(true);
    });

    it(`${name}: main.ts is thin and reads inputs only through the spec`, () => {
      const main = readFileSync(join(ACTIONS, name, "src", "main.ts"), "utf8");
      expect(main).toContain("runAction(");
      expect(main).not.toMatch(/getInput\(|process\.env\.INPUT_/);
      expect(main.split("\n").length).toBeLessThanOrEqual(50);
    });
  }

  // The toolkit (core, github, cache, …) stays in actions/; GitHub's own evaluator and glob are allowed (decision 0017).
  it("src/ never imports the @actions toolkit", () => {
    const offenders = readdirSync(join(REPO_ROOT, "src"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((file) => /from\s+["']@actions\/(?!expressions|glob|workflow-parser)/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
