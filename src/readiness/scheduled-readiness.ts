import { join } from "node:path";
import { branchName, type BranchRef } from "../config/branches-config.js";
import { readBranchesConfig, BRANCHES_FILE } from "../config/read-branches-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../config/read-model-config.js";
import { RemoteError } from "../errors.js";
import type { GitRepo } from "../gitops/git-repo.js";
import { gitBranchReader } from "../trading/branch-files.js";
import { intendedTradingDate } from "../trading/market-calendar.js";
import { branchPriceSource } from "../trading/price-source.js";


/**
 * Whether a scheduled workflow has anything to work on in a fresh setup. A run that is not ready succeeds
 * with a notice naming what is missing and how to fix it, and changes nothing (no empty ledger day, no
 * monitoring log): a new repository is not red every weekday before its owner has set up live data.
 */
export interface Readiness {
  ready: boolean;
  notice?: { title: string; message: string };
}

const BOOTSTRAP = "run the bootstrap workflow (Actions → bootstrap → Run workflow, or gh workflow run bootstrap.yml; README, 'Set it up on a GitHub repository', step 6)";
const LIVE_DATA =
  'set up live data: track the prices on main with stockops data add data && stockops data push (README step 5), set the variable STOCKOPS_DATA_SYMBOLS so data.yml appends each weekday\'s prices, and switch the branches\' stockops.toml to [data] source = "dvc"';

/** The team's model branches that exist on the remote, fetched into `repo` (a checkout of main). */
async function existingBranches(repo: GitRepo, refs: readonly BranchRef[]): Promise<BranchRef[]> {
  const found: BranchRef[] = [];
  for (const ref of refs) if ((await repo.fetchBranch(branchName(ref))) !== undefined) found.push(ref);
  return found;
}

export async function tradeReadiness(options: { dir: string; repo: GitRepo; team: string; date?: string; now?: Date }): Promise<Readiness> {
  const branches = await readBranchesConfig(join(options.dir, BRANCHES_FILE));
  const refs = branches.branches.filter((ref) => ref.team === options.team);
  const existing = await existingBranches(options.repo, refs);
  if (existing.length === 0) {
    return notReady(`No model branch of team ${options.team} yet`, `none of ${refs.map(branchName).join(", ") || "(no branches in branches.json)"} exists on the remote, so there is nothing to trade; ${BOOTSTRAP}. Nothing was written.`);
  }
  const date = options.date || intendedTradingDate(options.now ?? new Date());
  const read = gitBranchReader(options.repo);
  const prices = branchPriceSource(read, options.dir);
  const latest: string[] = [];
  const sources = new Set<string>();
  for (const ref of existing) {
    const bytes = await read(branchName(ref), MODEL_CONFIG_FILE);
    if (bytes) sources.add(parseModelConfig(new TextDecoder().decode(bytes), `${branchName(ref)}:${MODEL_CONFIG_FILE}`).data.source);
    const bars = await prices.bars(ref).catch(() => []);
    const last = bars.at(-1)?.date;
    if (last !== undefined && last >= date) return { ready: true };
    if (last !== undefined) latest.push(last);
  }
  const newest = latest.sort().at(-1) ?? "none";
  const fixed = sources.has("package") ? ` (source = "package": the sample prices shipped in an npm package, which end on ${newest})` : "";
  return notReady(
    `No prices for ${date} yet`,
    `no stock of team ${options.team} has a price for ${date}; the latest is ${newest}${fixed}. To trade every weekday, ${LIVE_DATA}. Nothing was written.`,
  );
}

export async function monitorReadiness(options: { dir: string; repo: GitRepo }): Promise<Readiness> {
  const branches = await readBranchesConfig(join(options.dir, BRANCHES_FILE));
  const existing = await existingBranches(options.repo, branches.branches);
  if (existing.length > 0) return { ready: true };
  return notReady("No model branches to monitor yet", `none of the ${branches.branches.length} branches in branches.json exists on the remote; ${BOOTSTRAP}. Nothing was logged.`);
}

/** GitHub answers GET /repos/{owner}/{repo}/pages with 404 until Pages is enabled; deploy-pages then fails. */
export async function pagesReadiness(options: { apiUrl: string; repository: string; token?: string; fetch?: typeof fetch }): Promise<Readiness> {
  const response = await (options.fetch ?? fetch)(`${options.apiUrl}/repos/${options.repository}/pages`, {
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
  });
  if (response.ok) {
    const site = (await response.json()) as { build_type?: string };
    if (site.build_type === undefined || site.build_type === "workflow") return { ready: true };
    return notReady("GitHub Pages builds from a branch", `Pages is set to build_type '${site.build_type}'; set Settings → Pages → Build and deployment → Source to "GitHub Actions" so dashboard.yml can deploy. The site was built and kept as the github-pages artifact.`);
  }
  if (response.status === 404) {
    return notReady("GitHub Pages is not enabled", 'enable it: Settings → Pages → Build and deployment → Source: "GitHub Actions" (README step 4). The site was built and kept as the github-pages artifact; nothing was deployed.');
  }
  throw new RemoteError(`GET /repos/${options.repository}/pages answered HTTP ${response.status}`, {}, "give the job permissions: pages: read");
}

function notReady(title: string, message: string): Readiness {
  return { ready: false, notice: { title, message } };
}
