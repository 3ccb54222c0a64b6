import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, UsageError } from "../errors.js";
import type { CommandContext, ParsedArgs } from "../cli/command.js";
import { RUNNER_EVENTS, type RunnerEventName } from "./event-filter.js";
import { remoteTransportKind, resolveRemoteAddress } from "../gitops/remote-url.js";
import { git } from "./git-cli.js";
import { startLocalOrigin, type LocalOrigin } from "./local-origin.js";
import { playEvent, type PlayEventOptions } from "./play-event.js";
import { copyBack, diffRefs, listOriginRefs, renderPublished } from "./published-refs.js";
import { renderPlayResult, renderStandInRecords } from "./render-result.js";
import type { RunnerSetup } from "./runner-setup.js";

/** The stockops installation this code runs from (its node_modules and lib/ may serve `npm ci` steps). */
export const STOCKOPS_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** `stockops act <event> …` */
export async function runActCommand(args: ParsedArgs, context: CommandContext): Promise<number> {
  const [eventName, ...extra] = args.positionals;
  if (!eventName || !RUNNER_EVENTS.includes(eventName as RunnerEventName) || extra.length > 0) {
    throw new UsageError(`expected one event: ${RUNNER_EVENTS.join(", ")}; got '${args.positionals.join(" ")}'`);
  }
  const value = (name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);
  const dir = resolve(context.cwd, value("dir") ?? ".stockops/act");
  const repository = value("repository") ?? "local/stockops";
  const token = `ghs_local${Math.random().toString(36).slice(2, 14)}`;
  let originUrl = value("origin") === undefined ? undefined : resolveRemoteAddress(value("origin")!, context.cwd);
  // Checked before anything is written or started: a failed seed used to leave the git server and the stand-in running.
  const seed = originUrl ? undefined : await planSeed(context.cwd, [value("branch"), value("base")]);
  // GITHUB_SERVER_URL of an SSH or local origin: the stand-in's server when one runs, else GitHub's own.
  let serverUrl = originUrl && remoteTransportKind(originUrl) === "http" ? new URL(originUrl).origin : "";
  const origin: LocalOrigin | undefined = !originUrl || !value("api-url") ? await startLocalOrigin({ gitRoot: join(dir, "git"), repository }) : undefined;
  try {
    const seeded = seed && origin ? await pushSeed(context.cwd, origin.bareDir, seed) : [];
    if (!originUrl) originUrl = origin!.originUrl;
    serverUrl ||= origin?.serverUrl ?? "https://github.com";
    const published = seeded.length > 0 ? origin!.bareDir : originUrl;
    const refsBefore = await listOriginRefs(published);
    const setup: RunnerSetup = {
      root: join(dir, "runner"),
      repository,
      originUrl,
      serverUrl,
      apiUrl: value("api-url") ?? origin!.apiUrl,
      defaultBranch: "main",
      token,
      secrets: {},
      vars: {},
      hostProjectRoot: STOCKOPS_ROOT,
      logger: context.logger,
      ...(origin ? { onPullRequest: (name: string, pull: Record<string, unknown>) => origin!.standIn.state.addPullRequest(name, pull) } : {}),
    };
    const options: PlayEventOptions = {
      event: eventName as RunnerEventName,
      ...pick({ branch: value("branch"), base: value("base"), before: value("before"), schedule: value("schedule"), workflow: value("workflow") }),
      inputs: parseInputs(args.values.input),
      ...(value("payload") ? { payload: await readPayload(resolve(context.cwd, value("payload")!)) } : {}),
    };
    const result = await playEvent(setup, options);
    context.out(renderPlayResult(result));
    if (origin && !value("api-url")) context.out(renderStandInRecords(origin.standIn));
    const changes = diffRefs(refsBefore, await listOriginRefs(published));
    const copied = seeded.length > 0 ? await copyBack(context.cwd, published, changes, seeded) : undefined;
    context.out(renderPublished(published, changes, copied));
    return result.runs.some((run) => run.conclusion === "failure") ? 1 : 0;
  } finally {
    await origin?.close();
  }
}

async function requireCheckout(cwd: string): Promise<void> {
  const inside = await git(["rev-parse", "--git-dir"], { cwd }).then(() => true, () => false);
  if (!inside) {
    throw new UsageError(
      `${cwd} is not a git repository: act plays the workflows of the checkout it runs in`,
      { field: "cwd" },
      "cd into a clone of your stockops repository (git clone …, then npm ci), or give --origin URL of a served origin",
    );
  }
}

interface SeedPlan {
  refspecs: string[];
  branches: string[];
}

/**
 * What goes to the local origin: the checkout's committed main (or HEAD), every local branch, the named
 * branches it has only as origin/<branch>, and every tag, so the run sees what a push to the real origin
 * would (a workflow may read other branches, e.g. a dispatch's input) and versions published before
 * (models/<team>/<SYMBOL>/v<N>) are there to count on. Outside a repository, or for a named branch the
 * checkout lacks, a UsageError saying where it looked.
 */
async function planSeed(cwd: string, named: (string | undefined)[]): Promise<SeedPlan> {
  await requireCheckout(cwd);
  const local = (await git(["for-each-ref", "--format=%(refname:lstrip=2)", "refs/heads/"], { cwd })).split("\n").filter(Boolean);
  const refspecs = [`${local.includes("main") ? "refs/heads/main" : "HEAD"}:refs/heads/main`, "+refs/tags/*:refs/tags/*"];
  const branches = ["main", ...local.filter((branch) => branch !== "main")];
  for (const branch of local) if (branch !== "main") refspecs.push(`+refs/heads/${branch}:refs/heads/${branch}`);
  for (const branch of named) {
    if (!branch || branches.includes(branch)) continue;
    if (!(await refExists(cwd, `refs/remotes/origin/${branch}`))) {
      throw new UsageError(
        `${cwd} has no branch '${branch}': looked for refs/heads/${branch} and refs/remotes/origin/${branch}`,
        { field: "branch" },
        `git fetch origin ${branch} takes it from your origin; after npm start the demo's branches are here; --origin URL plays on a served origin instead`,
      );
    }
    refspecs.push(`+refs/remotes/origin/${branch}:refs/heads/${branch}`);
    branches.push(branch);
  }
  return { refspecs, branches };
}

/** Returns the branches pushed. */
async function pushSeed(cwd: string, bareDir: string, plan: SeedPlan): Promise<string[]> {
  await git(["push", "--quiet", "--force", bareDir, ...plan.refspecs], { cwd });
  return plan.branches;
}

function refExists(cwd: string, ref: string): Promise<boolean> {
  return git(["rev-parse", "--verify", "--quiet", ref], { cwd }).then(() => true, () => false);
}

function parseInputs(raw: unknown): Record<string, string> {
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? [raw] : [];
  const inputs: Record<string, string> = {};
  for (const entry of list) {
    const equals = entry.indexOf("=");
    if (equals <= 0) throw new UsageError(`--input expects name=value, got '${entry}'`);
    inputs[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return inputs;
}

async function readPayload(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, "utf8").catch(() => {
    throw new ConfigError("cannot read the payload file", { file: path });
  });
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`not valid JSON: ${(error as Error).message}`, { file: path });
  }
  throw new ConfigError("the payload must be a JSON object", { file: path });
}

function pick<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, entry]) => entry !== undefined)) as Partial<Record<keyof T, string>>;
}
