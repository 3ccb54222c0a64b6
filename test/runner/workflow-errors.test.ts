import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playEvent } from "../../src/runner/play-event.js";
import { parseWorkflow } from "../../src/runner/parse-workflow.js";
import { startRunnerFixture, type RunnerFixture } from "./runner-fixture.js";

const GOOD = `name: wiring
on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Record the message
        uses: ./actions/record
        with:
          message: hello
`;

describe("workflow wiring errors name the workflow step", () => {
  let fixture: RunnerFixture;
  beforeAll(async () => {
    fixture = await startRunnerFixture({
      ".github/workflows/wiring.yml": GOOD,
      // the same workflow with one input name misspelt, as an edit to a real workflow would
      ".github/workflows/typo.yml": GOOD.replace("name: wiring", "name: typo").replace("message: hello", "mesage: hello"),
      ".github/workflows/third-party.yml": GOOD.replace("name: wiring", "name: third").replace("actions/checkout@v4", "docker/build-push-action@v6"),
    });
  });
  afterAll(() => fixture.close());

  it("runs the correct workflow", async () => {
    const result = await playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "wiring.yml" });
    expect(result.runs[0]!.conclusion).toBe("success");
    expect(result.runs[0]!.jobs[0]!.steps[1]!.outputs).toEqual({ length: "5" });
  });

  it("a wrong input name warns as GitHub's runner does, naming file, line, job and step, and the run goes on", async () => {
    const result = await playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "typo.yml" });
    expect(result.runs[0]!.conclusion).toBe("success");
    expect(fixture.logger.lines).toContain(
      "warning: .github/workflows/typo.yml, line 11: job 'build', step 'Record the message' (actions/record/action.yml): Unexpected input(s) 'mesage', valid inputs are ['message', 'file', 'branch', 'comment', 'token']",
    );
    // the required input that was not passed is left to the action, as on GitHub
    expect(result.runs[0]!.jobs[0]!.steps[1]!.outputs).toEqual({ length: "0" });
  });

  it("an action the runner has no local equivalent for is an error at its line, never skipped", async () => {
    await expect(playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "third-party.yml" })).rejects.toThrow(
      /^\.github\/workflows\/third-party\.yml, line 7, field 'uses': job 'build', step 'Run docker\/build-push-action@v6': 'uses: docker\/build-push-action@v6' is not supported/,
    );
  });
});

describe("unsupported workflow syntax is an error naming file and line", () => {
  const cases: [string, string, RegExp][] = [
    ["a job container", GOOD.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    container: node:24\n"), /^x\.yml, line 6, field 'container': 'container' in job 'build' is not supported/],
    ["a reusable workflow", "on: push\njobs:\n  call:\n    uses: ./.github/workflows/other.yml\n", /^x\.yml, line 4: job 'call': reusable workflows/],
    ["a step key", GOOD.replace("        with:\n", "        working-dir: x\n        with:\n"), /^x\.yml, line 10, field 'working-dir': 'working-dir' in step is not supported/],
    ["a trigger filter", "on:\n  push:\n    branches: [main]\n    tag: [v1]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n", /^x\.yml, line 4, field 'tag': 'tag' under on\.push is not supported/],
    ["a shell", GOOD.replace("      - uses: actions/checkout@v4\n", "      - run: Get-Date\n        shell: pwsh\n"), /^x\.yml, line 8: shell 'pwsh' is not supported/],
    ["YAML syntax", "on: push\njobs:\n  a: [\n", /^x\.yml, line \d: YAML syntax/],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      const run = (): unknown => {
        const workflow = parseWorkflow(text, "x.yml");
        // trigger filters are read when an event is decided
        if (what === "a trigger filter") return import("../../src/runner/event-filter.js").then(({ decideTrigger }) => decideTrigger(workflow, { name: "push", ref: "refs/heads/main", sha: "0", payload: {} }));
        return workflow;
      };
      return expect(Promise.resolve().then(run)).rejects.toThrow(expected);
    });
  }

  it("an unsupported expression function names the line of the step", async () => {
    const fixture = await startRunnerFixture({ ".github/workflows/expr.yml": GOOD.replace("message: hello", "message: ${{ toLower(github.ref) }}") });
    try {
      await expect(playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "expr.yml" })).rejects.toThrow(
        /^\.github\/workflows\/expr\.yml, line 11, field 'message': Unrecognized function: 'toLower'/,
      );
    } finally {
      await fixture.close();
    }
  });
});
