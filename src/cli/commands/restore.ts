import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "../command.js";

const command: Command = {
  name: "restore",
  summary: "Disaster recovery: pull and verify data, rebuild every model branch at its recorded lineage, compare weights md5s, recreate lost branches, replay ledgers",
  usage: "[--dir DIR] [--scratch DIR] [--prices-dir DIR] [--check-only] [--json]",
  options: {
    dir: { type: "string", description: "A fresh clone of main (branches.json, data.dvc, .dvc/config)", default: ".", valueName: "DIR" },
    scratch: { type: "string", description: "Where the rebuilds run (default: a new temp folder)", valueName: "DIR" },
    "prices-dir": { type: "string", description: "Replay ledgers with prices from DIR/<SYMBOL>.csv instead of each branch's [data]", valueName: "DIR" },
    "check-only": { type: "boolean", description: "Rebuild and compare, but push nothing (missing branches stay missing)" },
    json: { type: "boolean", description: "Print the report as JSON" },
  },
  details: `Needs only the git remote (with its version tags) and the DVC data remote. Every branch of
branches.json is rebuilt from its latest published version (and its champion, when older): that commit's
stockops.toml and data.dvc, the data pulled and verified, every stage forced; each model file's md5 is
compared with lineage.json (the same backend is needed for neural models). A branch missing on the remote
is recreated at its latest version's commit. Each team's ledger on the trading branch is replayed from its
first to its last date and compared byte for byte. Exits 1 when anything differs.
Environment: GITHUB_TOKEN for HTTPS remotes; AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for an s3 data remote.

Example: git clone https://github.com/acme/stockops && cd stockops && stockops restore`,
  async run(args, context) {
    const text = (name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);
    const { restore } = await import("../../restore/restore.js");
    const { renderRestoreReport } = await import("../../restore/render-restore-report.js");
    const report = await restore({
      dir: resolve(context.cwd, text("dir") ?? "."),
      env: context.env,
      ...(context.env.GITHUB_TOKEN ? { token: context.env.GITHUB_TOKEN } : {}),
      scratch: text("scratch") ? resolve(context.cwd, text("scratch")!) : await mkdtemp(join(tmpdir(), "stockops-restore-")),
      ...(text("prices-dir") ? { pricesDir: resolve(context.cwd, text("prices-dir")!) } : {}),
      push: !args.values["check-only"],
      logger: context.logger,
    });
    context.out(args.values.json ? JSON.stringify(report, null, 2) : renderRestoreReport(report));
    return report.ok ? 0 : 1;
  },
};

export default command;
