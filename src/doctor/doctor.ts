import { access, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { branchName, type BranchesConfig } from "../config/branches-config.js";
import { BRANCHES_FILE, readBranchesConfig } from "../config/read-branches-config.js";
import { StockopsError } from "../errors.js";
import type { GitRepo } from "../gitops/git-repo.js";
import { parseChampion, publishedPaths } from "../publish/published-records.js";

export interface Finding {
  check: "branches.json" | "branches" | "workflows" | "secrets" | "data remote" | "champions";
  status: "ok" | "warn" | "fail";
  message: string;
  /** What to do about it. */
  fix?: string;
}

/** The workflows the loop needs on main, and why. */
export const REQUIRED_WORKFLOWS: Record<string, string> = {
  "pipeline.yml": "trains and publishes a model branch on push (and when the monitor dispatches it)",
  "pr-report.yml": "comments the metrics report on pull requests into model branches",
  "trade.yml": "trades every team after the US close",
  "monitor.yml": "measures drift and decay and dispatches retraining",
};

/** Set by GitHub itself; every other `secrets.X` must be added under Settings → Secrets and variables → Actions. */
const AUTOMATIC_SECRETS = new Set(["GITHUB_TOKEN"]);

export interface DoctorOptions {
  /** A checkout of main. */
  dir: string;
  repo: GitRepo;
  env: NodeJS.ProcessEnv;
}

/** Checks a repository's setup and says, for each problem, what is missing and how to fix it. */
export async function runDoctor(options: DoctorOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  let config: BranchesConfig | undefined;
  try {
    config = await readBranchesConfig(join(options.dir, BRANCHES_FILE));
    findings.push({ check: "branches.json", status: "ok", message: `${Object.keys(config.teams).length} team(s), ${config.branches.length} branch(es)` });
  } catch (error) {
    findings.push({ check: "branches.json", status: "fail", message: (error as Error).message, fix: "write branches.json on main (see schemas/branches.schema.json)" });
  }
  const remoteBranches = await listRemoteBranches(options.repo, findings);
  if (config && remoteBranches) findings.push(...(await checkBranches(options.repo, config, remoteBranches)));
  findings.push(...(await checkWorkflows(options.dir)));
  findings.push(...(await checkDataRemote(options.dir, options.env)));
  return findings;
}

async function listRemoteBranches(repo: GitRepo, findings: Finding[]): Promise<Set<string> | undefined> {
  try {
    return new Set(Object.keys(await repo.listRemoteRefs("refs/heads/")).map((ref) => ref.slice("refs/heads/".length)));
  } catch (error) {
    findings.push({ check: "branches", status: "fail", message: `the git remote cannot be read: ${(error as Error).message}`, fix: (error instanceof StockopsError && error.hint) || "check the origin URL" });
    return undefined;
  }
}

async function checkBranches(repo: GitRepo, config: BranchesConfig, remote: Set<string>): Promise<Finding[]> {
  const findings: Finding[] = [];
  const listed = config.branches.map(branchName);
  const missing = listed.filter((branch) => !remote.has(branch));
  findings.push(
    missing.length
      ? { check: "branches", status: "fail", message: `missing on the remote: ${missing.join(", ")}`, fix: "run the bootstrap workflow (gh workflow run bootstrap.yml), or stockops branches sync --dispatch with GITHUB_TOKEN and GITHUB_REPOSITORY set, so each new branch is created and trained" }
      : { check: "branches", status: "ok", message: `all ${listed.length} model branches exist` },
  );
  const unlisted = [...remote].filter((branch) => /^[a-z][a-z0-9-]*\/[A-Z][A-Z0-9.\-^]*$/.test(branch) && !listed.includes(branch));
  if (unlisted.length) findings.push({ check: "branches", status: "warn", message: `model-like branches not in branches.json: ${unlisted.join(", ")}`, fix: "add them to branches.json, or delete them" });
  if (!remote.has("trading")) findings.push({ check: "branches", status: "warn", message: "no trading branch yet (ledgers, monitoring logs)", fix: "it is created by the first trade or monitor run" });
  const withoutChampion: string[] = [];
  for (const ref of config.branches) {
    const branch = branchName(ref);
    if (!remote.has(branch)) continue;
    const head = await repo.fetchBranch(branch);
    const bytes = head ? await repo.readFile(head, publishedPaths(ref.symbol).champion) : undefined;
    const champion = parseChampion(bytes && new TextDecoder().decode(bytes), `${branch}:${publishedPaths(ref.symbol).champion}`);
    if (!champion) withoutChampion.push(branch);
  }
  findings.push(
    withoutChampion.length
      ? { check: "champions", status: "fail", message: `no champion on ${withoutChampion.join(", ")}`, fix: "run pipeline.yml on each (or push its stockops.toml); a model must pass the promotion gate" }
      : { check: "champions", status: "ok", message: "every existing model branch has a champion" },
  );
  return findings;
}

async function checkWorkflows(dir: string): Promise<Finding[]> {
  const folder = join(dir, ".github", "workflows");
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => /\.ya?ml$/.test(name));
  const findings: Finding[] = [];
  for (const [name, why] of Object.entries(REQUIRED_WORKFLOWS)) {
    if (!names.includes(name)) findings.push({ check: "workflows", status: "fail", message: `.github/workflows/${name} is missing: it ${why}`, fix: `restore ${name} from the stockops template` });
  }
  const secrets = new Map<string, string[]>();
  for (const name of names) {
    const text = await readFile(join(folder, name), "utf8");
    let doc: { on?: unknown; jobs?: unknown } | undefined;
    try {
      doc = parse(text) as typeof doc;
    } catch (error) {
      findings.push({ check: "workflows", status: "fail", message: `${name}: not valid YAML (${(error as Error).message.split("\n")[0]})`, fix: "fix the file; actionlint shows where" });
      continue;
    }
    if (!doc || typeof doc !== "object" || !("on" in doc) || typeof doc.jobs !== "object" || doc.jobs === null) {
      findings.push({ check: "workflows", status: "fail", message: `${name}: expected top-level 'on:' and 'jobs:'`, fix: "fix the file; actionlint shows where" });
    }
    for (const match of text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) secrets.set(match[1]!, [...(secrets.get(match[1]!) ?? []), name]);
  }
  if (findings.length === 0) findings.push({ check: "workflows", status: "ok", message: `${names.length} workflow(s), the ${Object.keys(REQUIRED_WORKFLOWS).length} required ones present and parseable` });
  const needed = [...secrets].filter(([secret]) => !AUTOMATIC_SECRETS.has(secret));
  findings.push(
    needed.length
      ? {
          check: "secrets",
          status: "warn",
          message: `referenced: ${needed.map(([secret, files]) => `${secret} (${[...new Set(files)].join(", ")})`).join(", ")}`,
          fix: "set each under Settings → Secrets and variables → Actions (GitHub never shows whether they are set; a step that needs one fails without it)",
        }
      : { check: "secrets", status: "ok", message: "no secret beyond GITHUB_TOKEN is referenced" },
  );
  return findings;
}

async function checkDataRemote(dir: string, env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const hasDvc = await access(join(dir, "data.dvc")).then(() => true, () => false);
  if (!hasDvc) return [{ check: "data remote", status: "ok", message: "no data.dvc: branches use embedded or CSV data" }];
  try {
    const [{ readDvcConfig, resolveRemote }, { openRemote }, { loadTracked }] = await Promise.all([import("../dvc/dvc-config.js"), import("../dvc/remote.js"), import("../dvc/tracked.js")]);
    const remote = await openRemote(resolveRemote(await readDvcConfig(dir), dir), env);
    const tracked = await loadTracked(dir);
    const absent: string[] = [];
    for (const { out } of tracked.outs) if (!(await remote.has(out.md5))) absent.push(out.md5);
    return absent.length
      ? [{ check: "data remote", status: "fail", message: `${remote.description} is reachable but lacks ${absent.join(", ")} recorded in data.dvc`, fix: "stockops data push from a clone that has the data" }]
      : [{ check: "data remote", status: "ok", message: `${remote.description} holds the version data.dvc records` }];
  } catch (error) {
    return [{ check: "data remote", status: "fail", message: (error as Error).message, fix: "check .dvc/config and the remote's credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for s3)" }];
  }
}
