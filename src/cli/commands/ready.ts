import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { Readiness } from "../../readiness/scheduled-readiness.js";
import type { Command } from "../command.js";

const WORKFLOWS = ["trade", "monitor", "pages"] as const;

const command: Command = {
  name: "ready",
  summary: "Say whether a scheduled workflow has anything to do yet (model branches, today's prices, Pages), and what to set up if not",
  usage: "<trade|monitor|pages> [--team TEAM] [--date YYYY-MM-DD] [--dir DIR]",
  allowPositionals: true,
  options: {
    team: { type: "string", description: "trade: the team", valueName: "TEAM" },
    date: { type: "string", description: "trade: the trading date (default: the last NYSE close before now)", valueName: "DATE" },
    dir: { type: "string", description: "Checkout of main", default: ".", valueName: "DIR" },
  },
  details: `Always exits 0 when the check itself ran. In a workflow (GITHUB_OUTPUT set) it writes ready=true|false
as a step output and prints the reason as a ::notice:: annotation, so the work step can be skipped with
if: steps.<id>.outputs.ready == 'true' and the run stays green on a fresh setup.
Environment: GITHUB_TOKEN (fetching model branches, reading the Pages site), GITHUB_API_URL, GITHUB_REPOSITORY.`,
  async run(args, context) {
    const what = args.positionals[0] as (typeof WORKFLOWS)[number] | undefined;
    if (!what || !WORKFLOWS.includes(what)) throw new UsageError(`expected one of ${WORKFLOWS.join(", ")}; got '${what ?? ""}'`);
    const dir = resolve(context.cwd, String(args.values.dir ?? "."));
    const token = context.env.GITHUB_TOKEN || undefined;
    const readiness = await check(what, dir, token, args.values, context.env);
    const output = context.env.GITHUB_OUTPUT;
    if (output) await appendFile(output, `ready=${readiness.ready}\n`);
    if (readiness.notice) {
      const { title, message } = readiness.notice;
      context.out(output ? `::notice title=${title}::${message}` : `not ready: ${title}: ${message}`);
    } else context.out(`ready: ${what}`);
    return 0;
  },
};

async function check(what: (typeof WORKFLOWS)[number], dir: string, token: string | undefined, values: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<Readiness> {
  const readiness = await import("../../readiness/scheduled-readiness.js");
  if (what === "pages") {
    const repository = env.GITHUB_REPOSITORY;
    if (!repository) throw new UsageError("ready pages needs GITHUB_REPOSITORY (owner/name)");
    return readiness.pagesReadiness({ apiUrl: env.GITHUB_API_URL ?? "https://api.github.com", repository, ...(token ? { token } : {}) });
  }
  const { openGitRepo } = await import("../../gitops/isomorphic-git-repo.js");
  const repo = openGitRepo({ dir, ...(token ? { token } : {}) });
  if (what === "monitor") return readiness.monitorReadiness({ dir, repo });
  if (typeof values.team !== "string") throw new UsageError("ready trade needs --team TEAM");
  return readiness.tradeReadiness({ dir, repo, team: values.team, ...(typeof values.date === "string" ? { date: values.date } : {}) });
}

export default command;
