import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { Command } from "../command.js";

const command: Command = {
  name: "champion",
  summary: "Model registry: champion history per team × symbol, and set the champion by hand (a commit)",
  usage: "history [TEAM/SYMBOL] [--on DATE] [--repo DIR] | set TEAM/SYMBOL vN --reason TEXT [--dir DIR]",
  allowPositionals: true,
  options: {
    on: { type: "string", description: "history: which version was champion on this date (YYYY-MM-DD = end of that UTC day, or an ISO time)", valueName: "DATE" },
    repo: { type: "string", description: "history: clone or bare repository to read, or a remote URL (SSH, https, file://)", default: ".", valueName: "DIR|URL" },
    reason: { type: "string", description: "set: why (kept in champion.json's history and the commit message)", valueName: "TEXT" },
    dir: { type: "string", description: "set: clone whose origin holds the branch", default: ".", valueName: "DIR" },
    format: { type: "string", description: "history: table or json", default: "table", valueName: "FORMAT" },
  },
  details: `history lists every era of champion.json (version, from, until, why) on each <team>/<SYMBOL> branch.
set makes a published version champion again (a rollback) or against the gate: one commit on the branch,
pushed without force, that updates champion.json; trading reads the champion's files at the tag it names.
A token in GITHUB_TOKEN is used for HTTPS; SSH and local origins go through git.

Examples:
  stockops champion history red/AAPL --on 2026-01-25
  stockops champion set red/AAPL v2 --reason "v4 overfits the new regime"`,
  async run(args, context) {
    const [action, target, versionText, ...extra] = args.positionals;
    if (action === "history" && versionText === undefined) return history(target, args.values, context);
    if (action === "set" && target && versionText && extra.length === 0) return set(target, versionText, args.values, context);
    throw new UsageError(`expected 'champion history [TEAM/SYMBOL]' or 'champion set TEAM/SYMBOL vN --reason TEXT', got 'champion ${args.positionals.join(" ")}'`);
  },
};

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
type Context = Parameters<Command["run"]>[1];

async function history(branch: string | undefined, values: Values, context: Context): Promise<number> {
  const { readChampions } = await import("../../tracking/read-champions.js");
  const { resolveRunSource } = await import("../../tracking/run-source.js");
  const { championOn } = await import("../../tracking/registry.js");
  const { renderTextTable } = await import("../text-table.js");
  const source = await resolveRunSource(context.cwd, String(values.repo ?? "."), context.env);
  const champions = await readChampions(source, branch);
  if (branch && champions.length === 0) {
    const { nothingFoundHint } = await import("../../tracking/run-source.js");
    throw new UsageError(`no model branch '${branch}' (expected <team>/<SYMBOL>): ${await nothingFoundHint(context.cwd, source, `refs/heads/${branch} and refs/remotes/origin/${branch}`)}`);
  }
  const on = typeof values.on === "string" ? values.on : undefined;
  if (values.format === "json") {
    context.out(JSON.stringify(champions.map((entry) => ({ branch: entry.branch, ...(on ? { on, champion: entry.champion ? (championOn(entry.champion.history, on) ?? null) : null } : { history: entry.champion?.history ?? [] }) })), null, 2));
    return 0;
  }
  if (on) {
    const rows = champions.map((entry) => {
      const era = entry.champion ? championOn(entry.champion.history, on) : undefined;
      return [entry.branch, era ? `v${era.version}` : "none", era?.since ?? "", era?.until ?? (era ? "now" : ""), era?.reason ?? ""];
    });
    context.out(renderTextTable(["branch", `champion on ${on}`, "since", "until", "why"], rows));
    return 0;
  }
  const rows = champions.flatMap((entry) =>
    (entry.champion?.history ?? []).map((era) => [entry.branch, `v${era.version}`, era.since, era.until ?? "now", era.reason]),
  );
  if (rows.length === 0) {
    const { nothingFoundHint } = await import("../../tracking/run-source.js");
    context.out(`no champion recorded on any model branch: ${await nothingFoundHint(context.cwd, source, "models/<SYMBOL>/champion.json on <team>/<SYMBOL> branches")}`);
    return 0;
  }
  context.out(renderTextTable(["branch", "version", "since", "until", "why"], rows));
  return 0;
}

async function set(target: string, versionText: string, values: Values, context: Context): Promise<number> {
  const match = /^([a-z][a-z0-9-]*)\/([A-Z][A-Z0-9.\-^]*)$/.exec(target);
  if (!match) throw new UsageError(`expected TEAM/SYMBOL such as red/AAPL, got '${target}'`, { field: "branch" });
  const version = Number(/^v?(\d+)$/.exec(versionText)?.[1]);
  if (!Number.isInteger(version) || version < 1) throw new UsageError(`expected a version such as v3, got '${versionText}'`, { field: "version" });
  if (typeof values.reason !== "string" || values.reason.trim() === "") throw new UsageError("--reason is required: the registry keeps why every champion changed", { field: "reason" });
  const { openGitRepo } = await import("../../gitops/isomorphic-git-repo.js");
  const { gitAccessFromEnv } = await import("../../gitops/git-access.js");
  const { setChampion } = await import("../../tracking/registry.js");
  const repo = openGitRepo({ dir: resolve(context.cwd, String(values.dir ?? ".")), ...gitAccessFromEnv(context.env) });
  const result = await setChampion({ repo, team: match[1]!, symbol: match[2]!, version, reason: values.reason, now: new Date(), logger: context.logger });
  context.out(`${target}: champion is now v${version} (${result.commit?.slice(0, 12)}), ${result.champion.reason}`);
  return 0;
}

export default command;
