import { join, resolve } from "node:path";
import { readBranchesConfig, BRANCHES_FILE } from "../../config/read-branches-config.js";
import { UsageError } from "../../errors.js";
import { openGitRepo } from "../../gitops/isomorphic-git-repo.js";
import { syncBranches, type BranchSyncResult } from "../../gitops/sync-branches.js";
import type { Command } from "../command.js";

const OUTCOME_TEXT: Record<BranchSyncResult["outcome"], string> = {
  created: "created",
  "would-create": "would create",
  untouched: "exists, untouched",
  "created-meanwhile": "created by someone else meanwhile, untouched",
};

const command: Command = {
  name: "branches",
  summary: "Create the missing team × symbol model branches listed in branches.json (branches sync)",
  usage: "sync [--dir DIR] [--remote URL] [--base BRANCH] [--dry-run]",
  allowPositionals: true,
  options: {
    dir: { type: "string", description: "Checkout of main holding branches.json", default: ".", valueName: "DIR" },
    remote: { type: "string", description: "Remote URL to read and push branches (default: the checkout's origin)", valueName: "URL" },
    base: { type: "string", description: "Branch new model branches start from", default: "main", valueName: "BRANCH" },
    "dry-run": { type: "boolean", description: "Print what would be created; change nothing" },
  },
  details: `Each missing <team>/<SYMBOL> branch starts from --base plus a default stockops.toml (data source
"package" for the embedded AAPL and SPX, "dvc" following main's data.dvc otherwise; model kind "ridge"), one commit and one push
each, never forced. Existing branches are left as they are. A token in GITHUB_TOKEN is used for HTTPS.

Example: stockops branches sync --dry-run`,
  async run(args, context) {
    const [subcommand, ...extra] = args.positionals;
    if (subcommand !== "sync" || extra.length > 0) throw new UsageError(`expected 'stockops branches sync', got 'stockops branches ${args.positionals.join(" ")}'`);
    const dir = resolve(context.cwd, String(args.values.dir ?? "."));
    const config = await readBranchesConfig(join(dir, BRANCHES_FILE));
    const remote = typeof args.values.remote === "string" ? args.values.remote : undefined;
    const token = context.env.GITHUB_TOKEN || undefined;
    const repo = openGitRepo({ dir, ...(remote ? { url: remote } : {}), ...(token ? { token } : {}) });
    const results = await syncBranches({
      repo,
      config,
      base: String(args.values.base ?? "main"),
      dryRun: Boolean(args.values["dry-run"]),
      logger: context.logger,
    });
    for (const result of results) {
      context.out(`${result.branch.padEnd(24)} ${OUTCOME_TEXT[result.outcome]}${result.commit ? ` (${result.commit.slice(0, 12)})` : ""}`);
    }
    const created = results.filter((result) => result.outcome === "created" || result.outcome === "would-create").length;
    context.out(`${created} ${args.values["dry-run"] ? "to create" : "created"}, ${results.length - created} left as they were`);
    return 0;
  },
};

export default command;
