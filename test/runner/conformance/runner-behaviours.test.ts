import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playEvent, type PlayEventResult } from "../../../src/runner/play-event.js";
import { startRunnerFixture, type RunnerFixture } from "../runner-fixture.js";

/**
 * Runner behaviours, each from actions/runner's source (named per case), played on a real local
 * origin. Each job writes what it saw to GITHUB_OUTPUT, and the test reads the step outputs.
 */
const WORKFLOW = `name: behaviours
on: workflow_dispatch
env:
  GITHUB_REPOSITORY: evil/override
  GITHUB_ACTION: evil
  FOO: from-workflow
jobs:
  shells:
    runs-on: ubuntu-latest
    steps:
      - id: default
        run: false | true
      - id: bash
        shell: bash
        continue-on-error: true
        run: false | true
  contexts:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - id: vars
        run: |
          echo "repository=$GITHUB_REPOSITORY" >> "$GITHUB_OUTPUT"
          echo "action=$GITHUB_ACTION" >> "$GITHUB_OUTPUT"
          echo "foo=$FOO" >> "$GITHUB_OUTPUT"
          echo "actor_id=$GITHUB_ACTOR_ID" >> "$GITHUB_OUTPUT"
          echo "repository_id=$GITHUB_REPOSITORY_ID" >> "$GITHUB_OUTPUT"
          echo "workflow_sha=$GITHUB_WORKFLOW_SHA" >> "$GITHUB_OUTPUT"
          echo "image_os=$ImageOS" >> "$GITHUB_OUTPUT"
      - run: echo "action=\${{ github.action }}" >> "$GITHUB_OUTPUT"
      - uses: ./actions/record
        with:
          message: "\${{ github.action }}"
          unknown-input: x
      - run: echo "action=\${{ github.action }} status=\${{ job.status }}" >> "$GITHUB_OUTPUT"
      - continue-on-error: \${{ 'false' }}
        run: exit 1
      - if: always()
        run: echo "status=\${{ job.status }}" >> "$GITHUB_OUTPUT"
  post-if:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
        with:
          path: somewhere
          key: never-saved-\${{ github.run_id }}
          bogus: x
      - run: exit 1
  timeout:
    runs-on: ubuntu-latest
    timeout-minutes: 0.01
    steps:
      - run: sleep 30
      - if: always()
        run: echo "status=\${{ job.status }} cancelled=\${{ cancelled() }}" >> "$GITHUB_OUTPUT"
`;

describe("runner behaviours as actions/runner has them", () => {
  let fixture: RunnerFixture;
  let result: PlayEventResult;
  const job = (id: string) => result.runs[0]!.jobs.find((entry) => entry.jobId === id)!;
  beforeAll(async () => {
    fixture = await startRunnerFixture({ ".github/workflows/behaviours.yml": WORKFLOW });
    result = await playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "behaviours.yml" });
  }, 240_000);
  afterAll(() => fixture?.close());

  it("no shell named is `bash -e {0}` (no pipefail); `shell: bash` is `bash --noprofile --norc -eo pipefail {0}` (ScriptHandlerHelpers)", () => {
    expect(job("shells").steps.map((step) => step.outcome)).toEqual(["success", "failure"]);
  });
  it("workflow env cannot override the runner's GITHUB_* variables; other names it can", () => {
    expect(job("contexts").steps[1]!.outputs).toMatchObject({ repository: "acme/stocks", action: "vars", foo: "from-workflow" });
  });
  it("GITHUB_ACTOR_ID, GITHUB_REPOSITORY_ID, GITHUB_WORKFLOW_SHA and ImageOS are set", () => {
    const outputs = job("contexts").steps[1]!.outputs;
    expect(outputs.actor_id).toBe("583231");
    expect(outputs.repository_id).toMatch(/^\d+$/);
    expect(outputs.workflow_sha).toBe(result.event.sha);
    expect(outputs.image_os).toBe("ubuntu22");
  });
  it("github.action: the step id, else __run, __self, __run_2 (WorkflowTemplateConverter.ConvertToSteps)", () => {
    const steps = job("contexts").steps;
    expect(steps[2]!.outputs.action).toBe("__run");
    expect(steps[4]!.outputs.action).toBe("__run_2 status=success");
  });
  it("an undeclared action input is GitHub's warning, and the step still runs (ActionRunner)", () => {
    expect(job("contexts").steps[3]!.outcome).toBe("success");
    expect(job("contexts").steps[3]!.outputs.length).toBe(String("__self".length));
    expect(fixture.logger.lines.some((line) => line.includes("Unexpected input(s) 'unknown-input', valid inputs are ['message', 'file', 'branch', 'comment', 'token']"))).toBe(true);
    expect(fixture.logger.lines.some((line) => line.includes("(actions/cache): Unexpected input(s) 'bogus', valid inputs are ['path', 'key'"))).toBe(true);
  });
  it("continue-on-error giving the text 'false' is false; job.status is failure after that", () => {
    expect(job("contexts").steps[5]!.conclusion).toBe("failure");
    expect(job("contexts").steps[6]!.outputs.status).toBe("failure");
    expect(job("contexts").conclusion).toBe("failure");
  });
  it("a post step with post-if: success() (actions/cache) does not run after a failed job", () => {
    expect(job("post-if").conclusion).toBe("failure");
    expect(fixture.logger.lines).toContain("  ○ Post Run actions/cache@v4: skipped (post-if: success())");
    expect(fixture.logger.lines.some((line) => line.includes("cache saved under key never-saved"))).toBe(false);
  });
  it("timeout-minutes ends the job: the step is killed, always() steps see the job cancelled", () => {
    const steps = job("timeout").steps;
    expect(steps[0]!.outcome).toBe("failure");
    expect(steps[0]!.failure).toBe("timed out");
    expect(steps[1]!.outputs.status).toBe("cancelled cancelled=true");
    expect(job("timeout").conclusion).toBe("failure");
    expect(fixture.logger.lines.some((line) => line.includes("exceeded the maximum execution time of 0.01 minutes"))).toBe(true);
  });
  it("a node24 action on an older host runs under Node 24 from npx, or the run says it cannot", () => {
    if (Number(process.versions.node.split(".")[0]) >= 24) return;
    const note = fixture.logger.lines.find((line) => line.startsWith("runs.using node24: running under v24."));
    expect(note ?? "no Node 24 note").toMatch(/from npx -y -p node@24 \(this host has v\d+/);
  });
});
