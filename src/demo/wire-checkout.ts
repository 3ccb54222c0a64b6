import { git } from "../runner/git-cli.js";

export interface WiredCheckout {
  checkout: string;
  branches: string[];
  tags: number;
  /** Branches left alone, with why. */
  skipped: string[];
  /** The pull request merged into its base here and not pushed, for `stockops act push` to play. */
  merged?: PendingMerge;
}

export interface PendingMerge {
  base: string;
  head: string;
  number: number;
  /** A scratch folder for the merge (a clone of the origin's base). */
  workDir: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Copies the demo origin's branches (all but main) and tags into the checkout the demo ran in, so the
 * commands the README shows next (`act push --branch red/AAPL`, `runs`, `compare`, `champion history`,
 * `trade`) find what the demo made, as they would in a clone of a real origin. A second demo replaces them.
 * The branch checked out in the working tree is never moved.
 */
export async function wireCheckout(checkout: string, originDir: string, merge?: PendingMerge): Promise<WiredCheckout> {
  const current = (await git(["symbolic-ref", "--quiet", "HEAD"], { cwd: checkout }).catch(() => "")).trim();
  const heads = (await git(["for-each-ref", "--format=%(refname)", "refs/heads/"], { cwd: originDir })).split("\n").filter(Boolean);
  const branches = heads.filter((ref) => ref !== "refs/heads/main" && ref !== current);
  const skipped = heads.filter((ref) => ref !== "refs/heads/main" && ref === current).map((ref) => `${ref.slice("refs/heads/".length)} (checked out here)`);
  const tags = (await git(["for-each-ref", "--format=%(refname)", "refs/tags/"], { cwd: originDir })).split("\n").filter(Boolean);
  const refspecs = [...branches, ...tags].map((ref) => `+${ref}:${ref}`);
  if (refspecs.length > 0) await git(["fetch", "--quiet", "--no-tags", originDir, ...refspecs], { cwd: checkout });
  const wired: WiredCheckout = { checkout, branches: branches.map((ref) => ref.slice("refs/heads/".length)), tags: tags.length, skipped };
  if (merge && wired.branches.includes(merge.base) && wired.branches.includes(merge.head)) {
    await mergeUnpushed(checkout, originDir, merge);
    wired.merged = merge;
  }
  return wired;
}

/**
 * The pull request merged as GitHub's merge button does (a merge commit, never a fast-forward), into the
 * checkout's base branch only: the push is left to the person, so `stockops act push` has a real push to play.
 */
async function mergeUnpushed(checkout: string, originDir: string, merge: PendingMerge): Promise<void> {
  await git(["clone", "--quiet", "--branch", merge.base, originDir, merge.workDir]);
  await git(["merge", "--quiet", "--no-ff", "-m", `Merge pull request #${merge.number} from ${merge.head}`, `origin/${merge.head}`], { cwd: merge.workDir, env: merge.env });
  await git(["fetch", "--quiet", "--no-tags", merge.workDir, `+HEAD:refs/heads/${merge.base}`], { cwd: checkout });
}

export function renderWiredCheckout(wired: WiredCheckout, originDir: string): string {
  const lines = [
    `This checkout (${wired.checkout}) now has the demo's ${wired.branches.length} branches (${wired.branches.join(", ")}) and ${wired.tags} tags,`,
    `fetched from ${originDir}: the README's next commands (stockops act, runs, compare, champion history, trade) read them here.`,
    "A second npm start replaces them; git branch -D / git tag -d removes them.",
  ];
  if (wired.skipped.length > 0) lines.push(`Left alone: ${wired.skipped.join(", ")}.`);
  if (wired.merged) {
    const { base, head, number } = wired.merged;
    lines.push(
      `Pull request #${number} (${head}) is merged into ${base} here and not pushed: npx stockops act push --branch ${base}`,
      `plays what that push runs (pipeline.yml retrains ${base} and publishes its next version), then copies the result back here.`,
    );
  }
  return lines.join("\n");
}
