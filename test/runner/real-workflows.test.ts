import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideTrigger, RUNNER_EVENTS, triggersOf } from "../../src/runner/event-filter.js";
import { checkLocalActionInputs } from "../../src/runner/local-action.js";
import { parseWorkflow } from "../../src/runner/parse-workflow.js";

const PROJECT = join(import.meta.dirname, "..", "..");
const WORKFLOWS = join(PROJECT, ".github", "workflows");
const readActionYml = (path: string) => readFile(join(PROJECT, path), "utf8").catch(() => undefined);

describe("this repository's own workflows", async () => {
  const files = (await readdir(WORKFLOWS)).filter((file) => /\.ya?ml$/.test(file));

  it("exist", () => {
    expect(files).toEqual(expect.arrayContaining(["pipeline.yml", "pr-report.yml", "trade.yml"]));
  });

  for (const file of files) {
    it(`${file} stays inside the runner's subset and passes only declared inputs to ./actions/*`, async () => {
      const workflow = parseWorkflow(await readFile(join(WORKFLOWS, file), "utf8"), `.github/workflows/${file}`);
      expect(await checkLocalActionInputs(workflow, readActionYml)).toEqual([]);
      const dispatch = triggersOf(workflow).workflow_dispatch as { inputs?: Record<string, { required?: boolean; type?: string; options?: string[] }> } | null | undefined;
      const required = Object.entries(dispatch?.inputs ?? {}).filter(([, spec]) => spec?.required);
      const inputs = Object.fromEntries(required.map(([name, spec]) => [name, spec.type === "choice" ? String(spec.options?.[0]) : spec.type === "boolean" ? "false" : spec.type === "number" ? "1" : "red/AAPL"]));
      for (const name of RUNNER_EVENTS) {
        // every trigger filter is readable (an unsupported key would throw here)
        decideTrigger(workflow, { name, ref: "refs/heads/red/AAPL", sha: "0".repeat(40), payload: {}, changedFiles: ["stockops.toml"], baseRef: "red/AAPL", inputs });
      }
    });
  }

  it("pipeline.yml edited to pass a wrong input name warns (as GitHub does), naming the workflow file, line, job and step", async () => {
    const text = await readFile(join(WORKFLOWS, "pipeline.yml"), "utf8");
    const edited = text.replace(/(\n\s+)token: \$\{\{ github\.token \}\}/, "$1tokn: ${{ github.token }}");
    expect(edited).not.toBe(text);
    const line = edited.split("\n").findIndex((entry) => entry.includes("tokn:")) + 1;
    const workflow = parseWorkflow(edited, ".github/workflows/pipeline.yml");
    const warnings = await checkLocalActionInputs(workflow, readActionYml);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^\\.github/workflows/pipeline\\.yml, line ${line}: job 'pipeline', step 'Publish' \\(actions/publish/action\\.yml\\): Unexpected input\\(s\\) 'tokn', valid inputs are \\['`));
  });
});
