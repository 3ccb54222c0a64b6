import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { CommandContext } from "../cli/command.js";
import { parseBranchesConfig, BRANCHES_FILE } from "../config/read-branches-config.js";
import type { BranchesConfig } from "../config/branches-config.js";
import { findEmbeddedDataset, resolveEmbeddedDataset } from "../data/embedded-datasets.js";
import { parsePricesCsv } from "../data/parse-prices-csv.js";
import { ConfigError, GitError, UsageError } from "../errors.js";
import { STOCKOPS_ROOT } from "../runner/act-command.js";
import { triggersOf } from "../runner/event-filter.js";
import { git, ZERO_SHA } from "../runner/git-cli.js";
import { localRunnerSetup, seedOriginFromCheckout, startLocalOrigin, type LocalOrigin } from "../runner/local-origin.js";
import { parseWorkflow } from "../runner/parse-workflow.js";
import { playEvent, type PlayEventOptions, type PlayEventResult } from "../runner/play-event.js";
import type { RunnerSetup } from "../runner/runner-setup.js";
import { demoLogger } from "./demo-logger.js";
import { prepareSandbox } from "./demo-sandbox.js";
import { renderDemoSummary, type DemoFacts } from "./demo-summary.js";
import { renderWiredCheckout, wireCheckout } from "./wire-checkout.js";

export interface DemoOptions {
  /** Sandbox folder, relative to the working directory. */
  dir: string;
  /** Months of trading replayed at the end of the embedded prices (as given on the command line, or a number). */
  months: number | string;
}

export const DEMO_REPOSITORY = "demo/stockops";
export const EXPERIMENT_BRANCH = "exp/red/AAPL/mlp";
const PERSON = { GIT_AUTHOR_NAME: "Demo Person", GIT_AUTHOR_EMAIL: "person@example.com", GIT_COMMITTER_NAME: "Demo Person", GIT_COMMITTER_EMAIL: "person@example.com" };
const REQUIRED_WORKFLOWS = ["pipeline.yml", "pr-report.yml", "trade.yml"];

/** `npm start`: the whole loop, played through this repository's own workflows on a local origin. */
export async function runDemo(options: DemoOptions, context: CommandContext): Promise<number> {
  const started = Date.now();
  const sandbox = resolve(context.cwd, options.dir);
  const say = (text: string) => context.out(text);
  const project = await projectCheckout(context.cwd);
  // Checked before the sandbox is touched: a bad --months leaves the previous demo as it was.
  const window = tradingWindow(parseBranchesConfig(await git(["show", `HEAD:${BRANCHES_FILE}`], { cwd: project }), `HEAD:${BRANCHES_FILE}`), options.months);
  const start = await prepareSandbox(sandbox);
  say(start === "cleaned" ? `Sandbox ${sandbox} held an earlier demo: removed it, starting clean.` : `Sandbox: ${sandbox} (new)`);
  await mkdir(sandbox, { recursive: true });
  const logFile = join(sandbox, "demo.log");
  const logger = demoLogger(logFile, say);
  const origin = await startLocalOrigin({ gitRoot: join(sandbox, "git"), repository: DEMO_REPOSITORY });
  try {
    say(`\n[1/6] Origin: bare repository from the committed ${project}, served by git http-backend at ${origin.serverUrl}; GitHub API stand-in at ${origin.apiUrl}`);
    const mainCommit = await seedOriginFromCheckout(project, origin.bareDir);
    await checkRequiredFiles(origin.bareDir, mainCommit);
    const setup = localRunnerSetup(origin, {
      root: join(sandbox, "runner"),
      repository: DEMO_REPOSITORY,
      token: `ghs_demo${Date.now().toString(36)}`,
      hostProjectRoot: STOCKOPS_ROOT,
      actor: "demo-person",
      logger,
    });
    const play = async (label: string, playOptions: PlayEventOptions): Promise<PlayEventResult> => {
      const result = await playEvent(setup, playOptions);
      const failed = result.runs.filter((run) => run.conclusion === "failure");
      if (failed.length > 0) {
        const steps = failed.flatMap((run) => run.jobs.flatMap((job) => job.steps.filter((step) => step.outcome === "failure").map((step) => `${run.file} › ${job.name} › ${step.name}: ${step.failure}`)));
        throw new GitError(`${label} failed: ${steps.join("; ")} (full log: ${logFile})`);
      }
      return result;
    };
    const config = parseBranchesConfig(await git(["show", `${mainCommit}:${BRANCHES_FILE}`], { cwd: origin.bareDir }), `main:${BRANCHES_FILE}`);

    say(`\n[2/6] Bootstrap: team × symbol branches from branches.json (${config.branches.length} branches)`);
    await bootstrap(setup, origin, mainCommit, play, say);
    logger.endStage();

    say(`\n[3/6] Model branches: hold out ${window.from} … ${window.to} for trading ([data] end = ${window.trainEnd}), push each branch → pipeline.yml`);
    say(`  (demo only: [gate] min_skill_vs_naive = ${DEMO_MIN_SKILL}, so a model slightly worse than persistence may still become champion and trade)`);
    const work = join(sandbox, "work");
    for (const { team, symbol } of config.branches) {
      const branch = `${team}/${symbol}`;
      const stepStart = Date.now();
      const before = await commitAsPerson(setup, work, branch, branch, (toml) => setDemoGate(setDataEnd(toml, window.trainEnd)), `${branch}: train on prices up to ${window.trainEnd}`);
      const result = await play(`push to ${branch}`, { event: "push", branch, before });
      logger.endStage();
      say(`  ${branch}: ${describeRuns(result)} in ${seconds(stepStart)}`);
    }

    say(`\n[4/6] Pull request ${EXPERIMENT_BRANCH} → red/AAPL, model kind changed to mlp → pr-report.yml`);
    const base = "red/AAPL";
    const experimentStart = Date.now();
    const beforeExperiment = await commitAsPerson(setup, work, base, EXPERIMENT_BRANCH, (toml) => setModelKind(toml, "mlp"), "experiment: mlp instead of ridge");
    const pushed = await play(`push to ${EXPERIMENT_BRANCH}`, { event: "push", branch: EXPERIMENT_BRANCH, before: beforeExperiment });
    const pr = await play("pull request", { event: "pull_request", branch: EXPERIMENT_BRANCH, base, pullRequest: { title: "red/AAPL: try an MLP", body: "Hypothesis: a small MLP beats ridge on AAPL." } });
    const prNumber = Number((pr.event.payload as { number?: number }).number);
    logger.endStage();
    say(`  push: ${describeRuns(pushed)}; pull request #${prNumber}: ${describeRuns(pr)} in ${seconds(experimentStart)}`);

    say(`\n[5/6] Trading: replay ${window.from} … ${window.to} → trade.yml`);
    const tradeStart = Date.now();
    const trades = await playTrading(setup, origin, mainCommit, window, play);
    logger.endStage();
    say(`  ${trades.map(describeRuns).join("; ")} in ${seconds(tradeStart)}`);

    say("\n[6/6] Summary");
    const facts: DemoFacts = {
      sandbox,
      logFile,
      originDir: origin.bareDir,
      runsDir: join(setup.root, "runs"),
      branches: config.branches.map(({ team, symbol }) => ({ team, symbol })),
      prNumber,
      comments: origin.standIn.state.commentsOn(DEMO_REPOSITORY, prNumber).map((comment) => comment.body),
      window,
      seconds: (Date.now() - started) / 1000,
    };
    const commentFile = join(sandbox, `pr-${prNumber}-comment.md`);
    if (facts.comments.length > 0) await writeFile(commentFile, facts.comments.at(-1)!);
    facts.commentFile = commentFile;
    await writeFile(join(sandbox, "demo-facts.json"), `${JSON.stringify({ ...facts, comments: facts.comments.length }, null, 2)}\n`);
    say(await renderDemoSummary(facts, origin.bareDir, relative(context.cwd, sandbox) || "."));
    if (await isCheckout(context.cwd, project)) {
      const merge = { base, head: EXPERIMENT_BRANCH, number: prNumber, workDir: join(work, "merge"), env: PERSON };
      say(`\n${renderWiredCheckout(await wireCheckout(project, origin.bareDir, merge), origin.bareDir)}`);
    }
    return 0;
  } finally {
    await origin.close();
  }
}

/** The checkout whose committed main becomes the origin: the working directory's repository, else the installation's. */
async function projectCheckout(cwd: string): Promise<string> {
  for (const dir of [cwd, STOCKOPS_ROOT]) {
    const top = await git(["rev-parse", "--show-toplevel"], { cwd: dir }).then((out) => out.trim(), () => undefined);
    if (top) return top;
  }
  throw new GitError("the demo needs a git checkout of stockops (git clone, then npm ci && npm start)");
}

/** The demo wires the checkout it was started in, never the installation it falls back to. */
async function isCheckout(cwd: string, project: string): Promise<boolean> {
  const top = await git(["rev-parse", "--show-toplevel"], { cwd }).then((out) => out.trim(), () => undefined);
  return top === project;
}

async function checkRequiredFiles(bareDir: string, commit: string): Promise<void> {
  const files = (await git(["ls-tree", "-r", "--name-only", commit], { cwd: bareDir })).split("\n");
  const missing = [BRANCHES_FILE, ...REQUIRED_WORKFLOWS.map((name) => `.github/workflows/${name}`)].filter((file) => !files.includes(file));
  if (missing.length > 0) throw new ConfigError(`the committed main has no ${missing.join(", ")}; the demo plays the repository's own workflows`, { file: missing[0] });
}

type Play = (label: string, options: PlayEventOptions) => Promise<PlayEventResult>;

/** The bootstrap workflow (a workflow_dispatch one that runs `branches sync`) when main has one. */
async function bootstrap(setup: RunnerSetup, origin: LocalOrigin, mainCommit: string, play: Play, say: (text: string) => void): Promise<void> {
  const files = (await git(["ls-tree", "--name-only", mainCommit, ".github/workflows/"], { cwd: origin.bareDir })).split("\n").filter(Boolean);
  for (const file of files) {
    const text = await git(["show", `${mainCommit}:${file}`], { cwd: origin.bareDir });
    if (!text.includes("branches sync")) continue;
    const workflow = parseWorkflow(text, file);
    if (!("workflow_dispatch" in triggersOf(workflow))) continue;
    const result = await play("bootstrap", { event: "workflow_dispatch", workflow: file });
    say(`  ${describeRuns(result)}`);
    const dispatched = origin.standIn.state.repos.get(setup.repository)?.dispatches.map((dispatch) => `${dispatch.workflow} ${String(dispatch.inputs.branch)}`) ?? [];
    // The local runner records dispatches and does not play them: each branch is trained once, by its push in the next step.
    if (dispatched.length > 0) say(`  the stand-in recorded ${dispatched.length} dispatch${dispatched.length === 1 ? "" : "es"} (${dispatched.join(", ")}); on GitHub they train the new branches, here the pushes below do`);
    return;
  }
  throw new ConfigError("no workflow on main runs 'stockops branches sync' on workflow_dispatch; the demo bootstraps through it", { file: ".github/workflows/" });
}

/**
 * Commits a change to stockops.toml as a person would: clone `from`, edit, push to `branch`.
 * Returns the branch's commit before the push (zeros for a new branch).
 */
async function commitAsPerson(setup: RunnerSetup, work: string, from: string, branch: string, edit: (toml: string) => string, message: string): Promise<string> {
  const dir = join(work, branch.replace(/\//g, "__"));
  await mkdir(work, { recursive: true });
  await git(["clone", "--quiet", "--branch", from, setup.originUrl, dir]);
  const before = (await git(["ls-remote", setup.originUrl, `refs/heads/${branch}`])).trim().split(/\s+/)[0] || ZERO_SHA;
  if (branch !== from) await git(["checkout", "--quiet", "-b", branch], { cwd: dir });
  const file = join(dir, "stockops.toml");
  await writeFile(file, edit(await readFile(file, "utf8")));
  await git(["commit", "--quiet", "-am", message], { cwd: dir, env: PERSON });
  await git(["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`], { cwd: dir });
  return before;
}

export function setDataEnd(toml: string, end: string): string {
  const withoutEnd = toml.replace(/^end\s*=.*\n/m, "");
  if (!/^\[data\][ \t]*$/m.test(withoutEnd)) return `${withoutEnd.trimEnd()}\n\n[data]\nend = "${end}"\n`;
  return withoutEnd.replace(/^\[data\][ \t]*$/m, `[data]\nend = "${end}"`);
}

/** Published versions must beat naive by default; the demo lowers the bar so the trading replay has champions. */
export const DEMO_MIN_SKILL = -0.1;

export function setDemoGate(toml: string): string {
  if (/^\[gate\][ \t]*$/m.test(toml)) return toml.replace(/^min_skill_vs_naive\s*=.*\n/m, "").replace(/^\[gate\][ \t]*$/m, `[gate]\nmin_skill_vs_naive = ${DEMO_MIN_SKILL}`);
  return `${toml.trimEnd()}\n\n# demo: a champion may be slightly worse than persistence, so the trading replay has positions to show\n[gate]\nmin_skill_vs_naive = ${DEMO_MIN_SKILL}\n`;
}

export function setModelKind(toml: string, kind: string): string {
  if (!/^kind\s*=/m.test(toml)) throw new ConfigError("stockops.toml has no [model] kind to change", { file: "stockops.toml", field: "model.kind" });
  return toml.replace(/^kind\s*=.*$/m, `kind = "${kind}"`);
}

export interface TradingWindow {
  /** Last date the models train on (the day before `from`). */
  trainEnd: string;
  from: string;
  to: string;
}

/** The models keep at least this much history to train on, whatever --months asks. */
export const DEMO_MIN_TRAIN_MONTHS = 24;

/** The last `months` of prices every demo symbol has; models train on what comes before. */
export function tradingWindow(config: BranchesConfig, monthsAsked: number | string): TradingWindow {
  const months = typeof monthsAsked === "number" ? monthsAsked : /^\s*\d+\s*$/.test(monthsAsked) ? Number(monthsAsked) : Number.NaN;
  const symbols = [...new Set(config.branches.map((branch) => branch.symbol))];
  const series = symbols.map((symbol) => {
    const dataset = findEmbeddedDataset(symbol, "symbol", BRANCHES_FILE);
    const path = resolveEmbeddedDataset(dataset);
    return { symbol, path, bars: parsePricesCsv(new Uint8Array(readFileSync(path)), path).bars };
  });
  const to = series.map(({ bars }) => bars.at(-1)!.date).sort()[0]!;
  const first = series.map(({ bars }) => bars[0]!.date).sort().at(-1)!;
  const most = monthsBetween(first, to) - DEMO_MIN_TRAIN_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > most) {
    const spans = series.map(({ symbol, bars }) => `${symbol} ${bars[0]!.date} … ${bars.at(-1)!.date}`).join(", ");
    throw new UsageError(
      `--months must be a whole number from 1 to ${most}, got '${monthsAsked}': the embedded prices (${spans}) share ${first} … ${to}, and the models keep at least ${DEMO_MIN_TRAIN_MONTHS} months before the trading window to train on`,
      { field: "months" },
    );
  }
  const start = new Date(`${to}T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - months);
  const bars = series[0]!.bars;
  const firstTradingDay = bars.find((bar) => bar.date > start.toISOString().slice(0, 10))!.date;
  const trainEnd = [...bars].reverse().find((bar) => bar.date < firstTradingDay)!.date;
  return { trainEnd, from: firstTradingDay, to };
}

/** Whole calendar months from `from` to `to` (both YYYY-MM-DD). */
function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/**
 * trade.yml through workflow_dispatch over the window: one run when it takes a date range, else a run on
 * the first day and one on the last that catches up the days between.
 */
async function playTrading(setup: RunnerSetup, origin: LocalOrigin, mainCommit: string, window: TradingWindow, play: Play): Promise<PlayEventResult[]> {
  const text = await git(["show", `${mainCommit}:.github/workflows/trade.yml`], { cwd: origin.bareDir });
  const workflow = parseWorkflow(text, ".github/workflows/trade.yml");
  const dispatch = triggersOf(workflow).workflow_dispatch as { inputs?: Record<string, unknown> } | null | undefined;
  const declared = Object.keys(dispatch?.inputs ?? {});
  const range = [["from", "to"], ["start", "end"], ["from-date", "to-date"]].find(([a, b]) => declared.includes(a!) && declared.includes(b!));
  if (range) return [await play("trading replay", { event: "workflow_dispatch", workflow: "trade.yml", inputs: { [range[0]!]: window.from, [range[1]!]: window.to } })];
  if (declared.includes("date")) {
    // The first scheduled run opens the ledgers; the next run finds the days it missed and catches them up
    // in order, the same entries daily runs would have written.
    const first = await play(`trading ${window.from}`, { event: "workflow_dispatch", workflow: "trade.yml", inputs: { date: window.from } });
    const rest = await play(`trading ${window.to}`, { event: "workflow_dispatch", workflow: "trade.yml", inputs: { date: window.to } });
    return [first, rest];
  }
  throw new ConfigError(`trade.yml's workflow_dispatch takes neither a date nor a date range (inputs: ${declared.join(", ") || "none"})`, { file: ".github/workflows/trade.yml" });
}

function describeRuns(result: PlayEventResult): string {
  if (result.runs.length === 0) return "no workflow started";
  return result.runs.map((run) => `${run.file.replace(".github/workflows/", "")} ${run.conclusion} (${run.jobs.length} job${run.jobs.length === 1 ? "" : "s"})`).join(", ");
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
