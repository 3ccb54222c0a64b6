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
  let origin: LocalOrigin | undefined;
  let originUrl = value("origin") === undefined ? undefined : resolveRemoteAddress(value("origin")!, context.cwd);
  // GITHUB_SERVER_URL of an SSH or local origin: the stand-in's server when one runs, else GitHub's own.
  let serverUrl = originUrl && remoteTransportKind(originUrl) === "http" ? new URL(originUrl).origin : "";
  if (!originUrl || !value("api-url")) {
    origin = await startLocalOrigin({ gitRoot: join(dir, "git"), repository });
    if (!originUrl) {
      await seedFromCheckout(context.cwd, origin.bareDir, [value("branch"), value("base")]);
      originUrl = origin.originUrl;
    }
    serverUrl ||= origin.serverUrl;
  }
  serverUrl ||= "https://github.com";
  try {
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
    return result.runs.some((run) => run.conclusion === "failure") ? 1 : 0;
  } finally {
    await origin?.close();
  }
}

/** Pushes the checkout's main (or HEAD) and the named local branches to the local origin. */
async function seedFromCheckout(cwd: string, bareDir: string, branches: (string | undefined)[]): Promise<void> {
  const hasMain = await git(["rev-parse", "--verify", "--quiet", "refs/heads/main"], { cwd }).then(() => true, () => false);
  const refspecs = [`${hasMain ? "refs/heads/main" : "HEAD"}:refs/heads/main`];
  for (const branch of branches) {
    if (!branch || branch === "main") continue;
    const exists = await git(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], { cwd }).then(() => true, () => false);
    if (exists) refspecs.push(`+refs/heads/${branch}:refs/heads/${branch}`);
  }
  await git(["push", "--quiet", "--force", bareDir, ...refspecs], { cwd });
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
