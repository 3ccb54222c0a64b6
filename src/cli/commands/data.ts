import { resolve } from "node:path";
import type { Command, CommandContext, ParsedArgs } from "../command.js";
import { UsageError } from "../../errors.js";
import type { Remote } from "../../dvc/remote.js";
import { dispatchHandler, followHandler } from "./data-following.js";

const SUBCOMMANDS = ["add", "status", "push", "pull", "verify", "update", "follow", "dispatch"] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

const data: Command = {
  name: "data",
  summary: "Version data/ the way DVC does: add, status, push, pull, verify, update; follow main's data.dvc, dispatch its followers",
  usage: `<${SUBCOMMANDS.join("|")}> [PATH] [options]`,
  allowPositionals: true,
  options: {
    dir: { type: "string", default: ".", description: "Repository root (where .dvc/ and data.dvc live)", valueName: "DIR" },
    file: { type: "string", default: "data.dvc", description: "The .dvc file to read (status, push, pull, verify)", valueName: "FILE" },
    remote: { type: "string", short: "r", description: "Remote name from .dvc/config (default: [core] remote)", valueName: "NAME" },
    offline: { type: "boolean", description: "status: skip the remote" },
    force: { type: "boolean", description: "pull: overwrite workspace files that differ from data.dvc and remove untracked ones" },
    source: { type: "string", description: "update: yahoo, stooq or csv", valueName: "SOURCE" },
    symbols: { type: "string", description: "update: comma-separated tickers, e.g. AAPL,MSFT", valueName: "LIST" },
    to: { type: "string", description: "update: last date to append, YYYY-MM-DD (default: today, UTC)", valueName: "DATE" },
    input: { type: "string", description: "update --source csv: path or URL with {symbol}, e.g. incoming/{symbol}.csv", valueName: "TEMPLATE" },
    from: { type: "string", description: "follow, dispatch: the branch whose data.dvc model branches follow (default: main)", valueName: "BRANCH" },
    workflow: { type: "string", description: "dispatch: workflow run on each following branch (default: pipeline.yml)", valueName: "FILE" },
    "dry-run": { type: "boolean", description: "dispatch: list the following branches, dispatch nothing" },
    json: { type: "boolean", description: "Print the result as JSON" },
  },
  details: `
Formats are DVC 3's: data.dvc (outs: md5, size, nfiles, hash: md5, path), objects in .dvc/cache/files/md5/xx/…,
remotes from .dvc/config (a local folder, or s3://bucket/prefix with endpointurl; credentials from AWS_ACCESS_KEY_ID
and AWS_SECRET_ACCESS_KEY). A repository it manages also works with the dvc CLI.

  stockops data add data                 hash data/, fill the cache, write data.dvc
  stockops data status                   workspace vs data.dvc vs cache vs remote
  stockops data push | pull [-r NAME]    objects to / from the remote (pull writes only verified bytes)
  stockops data verify                   re-hash every file and cache object; exit 1 on any mismatch
  stockops data update --source yahoo --symbols AAPL,MSFT [--to 2024-06-28]
                                         append new validated rows, then re-add (a new data.dvc)
  stockops data follow [--from main]     on a model branch: write main's data.dvc and .dvc/config (read from
                                         git objects) unless stockops.toml has [data] pin = true
  stockops data dispatch [--dry-run]     on main: dispatch pipeline.yml for every branch of branches.json with
                                         [data] source = "dvc" that does not pin its own data.dvc
Provider base URLs: STOCKOPS_YAHOO_URL, STOCKOPS_STOOQ_URL. follow and dispatch use GITHUB_TOKEN for HTTPS git;
dispatch also GITHUB_REPOSITORY and GITHUB_API_URL.`,
  async run(args, context) {
    const [sub, ...rest] = args.positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new UsageError(`expected a subcommand, one of ${SUBCOMMANDS.join(", ")}; got '${sub ?? ""}'. Usage: stockops data ${data.usage}`);
    }
    if (rest.length > (sub === "add" ? 1 : 0)) throw new UsageError(`unexpected argument '${rest.at(-1)}' after 'data ${sub}'`);
    return HANDLERS[sub as Subcommand](args, context, resolve(context.cwd, str(args, "dir") ?? "."));
  },
};

type Handler = (args: ParsedArgs, context: CommandContext, repoRoot: string) => Promise<number>;

const HANDLERS: Record<Subcommand, Handler> = {
  follow: followHandler,
  dispatch: dispatchHandler,
  async add(args, context, repoRoot) {
    const { addData } = await import("../../dvc/add.js");
    const target = args.positionals[1] ?? "data";
    const result = await addData(repoRoot, target);
    print(context, args, result, () =>
      result.previousMd5 === result.out.md5
        ? `${target}: unchanged (${result.out.md5})`
        : `${target}: ${result.out.md5} (${result.out.nfiles ?? 1} file(s), ${result.out.size} bytes) → ${result.dvcPath}`,
    );
    return 0;
  },
  async status(args, context, repoRoot) {
    const { dataStatus, renderStatus } = await import("../../dvc/status.js");
    const remote: { remote?: Remote; note?: string } = args.values.offline ? { note: "skipped (--offline)" } : await optionalRemote(args, context, repoRoot);
    const result = await dataStatus(repoRoot, { dvcFile: str(args, "file"), ...(remote.remote ? { remote: remote.remote } : {}) });
    print(context, args, result, () => [renderStatus(result), ...(remote.note ? [`  remote: ${remote.note}`] : [])].join("\n"));
    return 0;
  },
  async push(args, context, repoRoot) {
    const { pushData } = await import("../../dvc/transfer.js");
    const remote = await requiredRemote(args, context, repoRoot);
    const result = await pushData(repoRoot, remote, { dvcFile: str(args, "file") });
    print(context, args, result, () => `pushed ${result.transferred.length} object(s) to ${remote.description}, ${result.skipped} already there`);
    return 0;
  },
  async pull(args, context, repoRoot) {
    const { pullData } = await import("../../dvc/transfer.js");
    const remote = await requiredRemote(args, context, repoRoot);
    const result = await pullData(repoRoot, remote, { dvcFile: str(args, "file"), force: Boolean(args.values.force) });
    print(context, args, result, () =>
      [
        `fetched ${result.transferred.length} object(s) from ${remote.description}, ${result.skipped} already cached`,
        ...result.written.map((path) => `  wrote ${path}`),
        ...result.removed.map((path) => `  removed ${path}`),
      ].join("\n"),
    );
    return 0;
  },
  async verify(args, context, repoRoot) {
    const { verifyData } = await import("../../dvc/verify.js");
    const result = await verifyData(repoRoot, { dvcFile: str(args, "file") });
    print(context, args, result, () =>
      [
        `verified: ${result.filesHashed} file(s) and ${result.objectsHashed} cache object(s) match ${result.dvcPath}`,
        ...(result.missingInCache.length ? [`  ${result.missingInCache.length} object(s) not in the cache (run pull)`] : []),
      ].join("\n"),
    );
    return 0;
  },
  async update(args, context, repoRoot) {
    const [{ updateData }, { providerFor }] = await Promise.all([import("../../dvc/update/update-data.js"), import("../../dvc/update/providers.js")]);
    const source = str(args, "source");
    const symbols = (str(args, "symbols") ?? "").split(",").map((symbol) => symbol.trim()).filter(Boolean);
    if (!source || symbols.length === 0) throw new UsageError("update needs --source yahoo|stooq|csv and --symbols A,B");
    const to = str(args, "to");
    const result = await updateData(repoRoot, { provider: providerFor(source, context.env, str(args, "input")), symbols, ...(to ? { to } : {}) });
    for (const symbol of result.symbols) for (const warning of symbol.warnings) context.logger.warn(`${symbol.file}: ${warning}`);
    print(context, args, result, () =>
      [
        ...result.symbols.map((symbol) =>
          symbol.appended ? `${symbol.file}: +${symbol.appended} row(s), ${symbol.firstNew} to ${symbol.lastNew}` : `${symbol.file}: up to date`,
        ),
        result.added ? `data.dvc: ${result.added.previousMd5 ?? "(new)"} → ${result.added.out.md5}` : "data.dvc: unchanged",
      ].join("\n"),
    );
    return 0;
  },
};

async function requiredRemote(args: ParsedArgs, context: CommandContext, repoRoot: string) {
  const [{ resolveRemote }, { readCheckedDvcConfig }, { openRemote }] = await Promise.all([
    import("../../dvc/dvc-config.js"),
    import("../../dvc/read-dvc-config-checked.js"),
    import("../../dvc/remote.js"),
  ]);
  return openRemote(resolveRemote(await readCheckedDvcConfig(repoRoot), repoRoot, str(args, "remote")), context.env);
}

/** status shows the remote when one is configured; a remote it cannot open is a note, not a failure. */
async function optionalRemote(args: ParsedArgs, context: CommandContext, repoRoot: string) {
  const { readCheckedDvcConfig } = await import("../../dvc/read-dvc-config-checked.js");
  const config = await readCheckedDvcConfig(repoRoot);
  if (!str(args, "remote") && !config.get("core")?.get("remote")) return { note: "none configured" };
  try {
    return { remote: await requiredRemote(args, context, repoRoot) };
  } catch (error) {
    return { note: `not checked: ${(error as Error).message}` };
  }
}

function str(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

function print(context: CommandContext, args: ParsedArgs, result: unknown, text: () => string): void {
  context.out(args.values.json ? JSON.stringify(result, null, 2) : text());
}

export default data;
