import { git } from "../runner/git-cli.js";

export interface WiredCheckout {
  checkout: string;
  branches: string[];
  tags: number;
  /** Branches left alone, with why. */
  skipped: string[];
}

/**
 * Copies the demo origin's branches (all but main) and tags into the checkout the demo ran in, so the
 * commands the README shows next (`act push --branch red/AAPL`, `runs`, `compare`, `champion history`,
 * `trade`) find what the demo made, as they would in a clone of a real origin. A second demo replaces them.
 * The branch checked out in the working tree is never moved.
 */
export async function wireCheckout(checkout: string, originDir: string): Promise<WiredCheckout> {
  const current = (await git(["symbolic-ref", "--quiet", "HEAD"], { cwd: checkout }).catch(() => "")).trim();
  const heads = (await git(["for-each-ref", "--format=%(refname)", "refs/heads/"], { cwd: originDir })).split("\n").filter(Boolean);
  const branches = heads.filter((ref) => ref !== "refs/heads/main" && ref !== current);
  const skipped = heads.filter((ref) => ref !== "refs/heads/main" && ref === current).map((ref) => `${ref.slice("refs/heads/".length)} (checked out here)`);
  const tags = (await git(["for-each-ref", "--format=%(refname)", "refs/tags/"], { cwd: originDir })).split("\n").filter(Boolean);
  const refspecs = [...branches, ...tags].map((ref) => `+${ref}:${ref}`);
  if (refspecs.length > 0) await git(["fetch", "--quiet", "--no-tags", originDir, ...refspecs], { cwd: checkout });
  return { checkout, branches: branches.map((ref) => ref.slice("refs/heads/".length)), tags: tags.length, skipped };
}

export function renderWiredCheckout(wired: WiredCheckout, originDir: string): string {
  const lines = [
    `This checkout (${wired.checkout}) now has the demo's ${wired.branches.length} branches (${wired.branches.join(", ")}) and ${wired.tags} tags,`,
    `fetched from ${originDir}: the README's next commands (stockops act, runs, compare, champion history, trade) read them here.`,
    "A second npm start replaces them; git branch -D / git tag -d removes them.",
  ];
  if (wired.skipped.length > 0) lines.push(`Left alone: ${wired.skipped.join(", ")}.`);
  return lines.join("\n");
}
