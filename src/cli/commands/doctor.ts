import { resolve } from "node:path";
import type { Command } from "../command.js";

const MARK = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;

const command: Command = {
  name: "doctor",
  summary: "Check a repository's setup: branches vs branches.json, workflows, secrets, data remote, champions",
  usage: "[--dir DIR] [--json]",
  options: {
    dir: { type: "string", description: "Checkout of main", default: ".", valueName: "DIR" },
    json: { type: "boolean", description: "Print the findings as JSON" },
  },
  details: `Prints one line per check with what is missing and how to fix it; exits 1 when a check fails.
Environment: GITHUB_TOKEN for HTTPS remotes (SSH and local remotes go through git: GIT_SSH_COMMAND, ssh-agent); AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for an s3 data remote.`,
  async run(args, context) {
    const dir = resolve(context.cwd, typeof args.values.dir === "string" ? args.values.dir : ".");
    const [{ runDoctor }, { openGitRepo }, { gitAccessFromEnv }] = await Promise.all([import("../../doctor/doctor.js"), import("../../gitops/isomorphic-git-repo.js"), import("../../gitops/git-access.js")]);
    const findings = await runDoctor({ dir, repo: openGitRepo({ dir, ...gitAccessFromEnv(context.env) }), env: context.env });
    if (args.values.json) context.out(JSON.stringify(findings, null, 2));
    else for (const f of findings) context.out(`${MARK[f.status]} ${f.check}: ${f.message}${f.fix && f.status !== "ok" ? `\n     fix: ${f.fix}` : ""}`);
    return findings.some((f) => f.status === "fail") ? 1 : 0;
  },
};

export default command;
