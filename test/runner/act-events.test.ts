import { afterEach, describe, expect, it } from "vitest";
import { playEvent } from "../../src/runner/play-event.js";
import { REPOSITORY, startRunnerFixture, TOKEN, type RunnerFixture } from "./runner-fixture.js";

const PIPELINE = `name: pipeline
on:
  push:
    branches: ["*/*", "!exp/**"]
    paths: ["stockops.toml"]
  workflow_dispatch:
    inputs:
      branch:
        description: Branch to retrain
        required: true
permissions:
  contents: read
env:
  STAGE: train
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      legs: \${{ steps.list.outputs.legs }}
    steps:
      - id: list
        run: echo 'legs=["a","b"]' >> "$GITHUB_OUTPUT"
  train:
    needs: plan
    runs-on: ubuntu-latest
    permissions:
      contents: write
    concurrency:
      group: pipeline-\${{ github.ref_name }}
      cancel-in-progress: false
    strategy:
      matrix:
        leg: \${{ fromJSON(needs.plan.outputs.legs) }}
        include:
          - leg: b
            extra: yes
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: echo "SYMBOL=$(sed -n 's/^symbol = "\\(.*\\)"/\\1/p' stockops.toml)" >> "$GITHUB_ENV"
      - name: Skipped unless extra
        if: matrix.extra == 'yes'
        run: echo "extra=\${{ matrix.extra }}" >> "$GITHUB_STEP_SUMMARY"
      - id: record
        uses: ./actions/record
        with:
          message: \${{ format('{0} {1} {2}', env.STAGE, env.SYMBOL, matrix.leg) }}
          file: out/\${{ matrix.leg }}.txt
      - name: Check outputs
        env:
          LENGTH: \${{ steps.record.outputs.length }}
        run: test "$LENGTH" -gt 5 && echo "length $LENGTH"
  after:
    needs: train
    if: \${{ always() && needs.train.result == 'success' }}
    runs-on: ubuntu-latest
    steps:
      - run: echo done
`;

const REPORT = `name: pr-report
on:
  pull_request:
    branches: ["*/*"]
jobs:
  report:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - uses: ./actions/record
        with:
          message: "report for \${{ github.head_ref }} into \${{ github.base_ref }}: $(cat stockops.toml | wc -l)"
          comment: true
`;

const TRADE = `name: trade
on:
  schedule:
    - cron: "17 21 * * 1-5"
  workflow_dispatch:
    inputs:
      date:
        description: Trading date
        default: "2024-03-08"
      dry-run:
        type: boolean
        default: false
jobs:
  teams:
    runs-on: ubuntu-latest
    outputs:
      teams: \${{ steps.read.outputs.teams }}
    steps:
      - uses: actions/checkout@v4
      - id: read
        run: node -e 'console.log("teams=" + JSON.stringify(Object.keys(require("./branches.json").teams)))' >> "$GITHUB_OUTPUT"
  trade:
    needs: teams
    runs-on: ubuntu-latest
    strategy:
      matrix:
        team: \${{ fromJSON(needs.teams.outputs.teams) }}
      fail-fast: false
    steps:
      - uses: actions/checkout@v4
        with:
          ref: trading
      - uses: actions/cache@v4
        with:
          path: .cache/prices
          key: prices-\${{ hashFiles('branches.json', 'ledger/**') }}
          restore-keys: prices-
      - run: mkdir -p .cache/prices && echo cached > .cache/prices/p.txt
      - if: \${{ !inputs.dry-run }}
        uses: ./actions/record
        with:
          message: "\${{ matrix.team }} \${{ github.event_name }} \${{ inputs.date || github.event.schedule }}"
          file: ledger/\${{ matrix.team }}.jsonl
          branch: trading
`;

const FILES = {
  ".github/workflows/pipeline.yml": PIPELINE,
  ".github/workflows/pr-report.yml": REPORT,
  ".github/workflows/trade.yml": TRADE,
  "branches.json": JSON.stringify({ teams: { red: {}, blue: {} } }),
};

let fixture: RunnerFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("stockops act against a local origin and GitHub stand-in", () => {
  it("push: filters, needs, a matrix from a previous job's output, env, if, outputs, and commits pushed back", async () => {
    fixture = await startRunnerFixture(FILES);
    const [before] = await fixture.push("red/AAPL", { "stockops.toml": 'symbol = "AAPL"\n' });
    const result = await playEvent(fixture.setup, { event: "push", branch: "red/AAPL", before });

    expect(result.runs.map((run) => run.file)).toEqual([".github/workflows/pipeline.yml"]);
    expect(result.notStarted.map((entry) => entry.file).sort()).toEqual([".github/workflows/pr-report.yml", ".github/workflows/trade.yml"]);
    const run = result.runs[0]!;
    expect(run.conclusion).toBe("success");
    expect(run.jobs.map((job) => `${job.name}:${job.conclusion}`)).toEqual(["plan:success", "train (a):success", "train (b, yes):success", "after:success"]);
    const legA = run.jobs[1]!;
    expect(legA.steps.find((step) => step.name === "Skipped unless extra")?.outcome).toBe("skipped");
    expect(run.jobs[2]!.summary).toContain("extra=yes");
    expect(legA.summary).toContain("recorded: train AAPL a");
    // both legs pushed a commit to the branch on the remote
    expect(await fixture.remoteFile("refs/heads/red/AAPL", "out/a.txt")).toBe("train AAPL a");
    expect(await fixture.remoteFile("refs/heads/red/AAPL", "out/b.txt")).toBe("train AAPL b");
    // the token was masked before it could be printed
    expect(fixture.logger.lines.some((line) => line.includes(TOKEN))).toBe(false);
    expect(fixture.logger.lines).toContain("token is ***");
  });

  it("push: a branch or path outside the filters starts nothing", async () => {
    fixture = await startRunnerFixture(FILES);
    const [before] = await fixture.push("red/AAPL", { "notes.md": "no config change\n" });
    const paths = await playEvent(fixture.setup, { event: "push", branch: "red/AAPL", before });
    expect(paths.runs).toEqual([]);
    expect(paths.notStarted.find((entry) => entry.file.endsWith("pipeline.yml"))?.reason).toMatch(/paths/);
    const [beforeExp] = await fixture.push("exp/red/AAPL/x", { "stockops.toml": 'symbol = "AAPL"\n' });
    const exp = await playEvent(fixture.setup, { event: "push", branch: "exp/red/AAPL/x", before: beforeExp });
    expect(exp.runs).toEqual([]);
  });

  it("pull_request: merge ref on the remote, real-shaped payload, and one comment recorded by the stand-in", async () => {
    fixture = await startRunnerFixture(FILES);
    await fixture.push("red/AAPL", { "stockops.toml": 'symbol = "AAPL"\n' });
    await fixture.push("exp/red/AAPL/mlp", { "stockops.toml": 'symbol = "AAPL"\nkind = "mlp"\n' }, "try mlp", "red/AAPL");
    const result = await playEvent(fixture.setup, { event: "pull_request", branch: "exp/red/AAPL/mlp" });

    expect(result.runs.map((run) => `${run.file}:${run.conclusion}`)).toEqual([".github/workflows/pr-report.yml:success"]);
    const refs = await fixture.remoteRefs();
    expect(refs["refs/pull/1/merge"]).toBe(result.event.sha);
    expect(refs["refs/pull/1/head"]).toBe(refs["refs/heads/exp/red/AAPL/mlp"]);
    const payload = result.event.payload as { pull_request: { base: { ref: string }; head: { ref: string } } };
    expect(payload.pull_request.base.ref).toBe("red/AAPL");
    const comments = fixture.origin.standIn.state.commentsOn(REPOSITORY, 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe("report for exp/red/AAPL/mlp into red/AAPL: $(cat stockops.toml | wc -l)");
    const post = fixture.origin.standIn.requests.find((request) => request.method === "POST");
    expect(post).toMatchObject({ path: `/repos/${REPOSITORY}/issues/1/comments`, token: "write", status: 201 });
  });

  it("schedule: runs from main, a matrix over teams, a cache saved then restored, ledger commits on the trading branch", async () => {
    fixture = await startRunnerFixture(FILES);
    await fixture.push("trading", { "ledger/.keep": "" });
    const first = await playEvent(fixture.setup, { event: "schedule" });
    expect(first.runs.map((run) => `${run.file}:${run.conclusion}`)).toEqual([".github/workflows/trade.yml:success"]);
    expect(first.runs[0]!.jobs.map((job) => job.name)).toEqual(["teams", "trade (red)", "trade (blue)"]);
    expect(await fixture.remoteFile("refs/heads/trading", "ledger/red.jsonl")).toBe("red schedule 17 21 * * 1-5");
    expect(await fixture.remoteFile("refs/heads/trading", "ledger/blue.jsonl")).toBe("blue schedule 17 21 * * 1-5");
    const cacheStep = (run: typeof first) => run.runs[0]!.jobs[1]!.steps.find((step) => step.name.includes("actions/cache"))!;
    expect(cacheStep(first).outputs["cache-hit"]).toBe("false");
    expect(fixture.logger.lines.some((line) => line.startsWith("cache saved under key prices-"))).toBe(true);
    // second run: the ledger changed, so the key misses but restore-keys finds the saved cache
    const second = await playEvent(fixture.setup, { event: "schedule" });
    expect(cacheStep(second).outputs["cache-matched-key"]).toMatch(/^prices-/);
  });

  it("workflow_dispatch: declared inputs with defaults and types, unknown inputs refused", async () => {
    fixture = await startRunnerFixture(FILES);
    await fixture.push("trading", { "ledger/.keep": "" });
    const result = await playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "trade.yml", inputs: { date: "2024-01-05" } });
    expect(result.runs[0]!.conclusion).toBe("success");
    expect(await fixture.remoteFile("refs/heads/trading", "ledger/red.jsonl")).toBe("red workflow_dispatch 2024-01-05");
    const dry = await playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "trade.yml", inputs: { "dry-run": "true" } });
    expect(dry.runs[0]!.jobs[1]!.steps.at(-1)!.outcome).toBe("skipped");
    await expect(playEvent(fixture.setup, { event: "workflow_dispatch", workflow: "trade.yml", inputs: { day: "x" } })).rejects.toThrow(
      /\.github\/workflows\/trade\.yml, line \d+, field 'day': unexpected input 'day'/,
    );
  });
});
