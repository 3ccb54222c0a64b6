import { git } from "./git-cli.js";

/** A branch or tag the run moved on the origin; `before` is absent for a new ref, `after` for a deleted one. */
export interface RefChange {
  ref: string;
  before?: string;
  after?: string;
}

export interface CopyBack {
  copied: string[];
  /** Refs left alone in the checkout, with why and the command that takes them. */
  skipped: { ref: string; why: string }[];
}

/** Branches and tags of an origin (a bare path or a URL), or undefined when it cannot be listed. */
export async function listOriginRefs(where: string): Promise<Map<string, string> | undefined> {
  const text = await git(["ls-remote", "--heads", "--tags", where]).catch(() => undefined);
  if (text === undefined) return undefined;
  const refs = new Map<string, string>();
  for (const line of text.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (sha && ref && !ref.endsWith("^{}")) refs.set(ref, sha);
  }
  return refs;
}

export function diffRefs(before: ReadonlyMap<string, string> | undefined, after: ReadonlyMap<string, string> | undefined): RefChange[] | undefined {
  if (!before || !after) return undefined;
  const changes: RefChange[] = [];
  for (const ref of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(ref);
    const now = after.get(ref);
    if (old === now) continue;
    changes.push({ ref, ...(old ? { before: old } : {}), ...(now ? { after: now } : {}) });
  }
  return changes;
}

/**
 * Brings what the run published on the act's own origin back into the checkout it was seeded from, so the
 * next command there (`stockops runs`, `compare`, `champion history`) sees it: branches fast-forward only,
 * new tags only, and never the branch checked out in the working tree (git refuses that, rightly).
 */
export async function copyBack(cwd: string, origin: string, changes: readonly RefChange[] | undefined, seeded: readonly string[]): Promise<CopyBack> {
  const result: CopyBack = { copied: [], skipped: [] };
  const current = (await git(["symbolic-ref", "--quiet", "HEAD"], { cwd }).catch(() => "")).trim();
  for (const change of changes ?? []) {
    if (!change.after) continue;
    const branch = change.ref.startsWith("refs/heads/") ? change.ref.slice("refs/heads/".length) : undefined;
    const name = branch ?? change.ref.replace(/^refs\/tags\//, "");
    if (branch && !seeded.includes(branch)) {
      result.skipped.push({ ref: name, why: `not a branch this run was seeded with: git fetch ${origin} ${branch}` });
      continue;
    }
    if (branch && change.ref === current) {
      result.skipped.push({ ref: name, why: `checked out here: git pull --ff-only ${origin} ${branch}` });
      continue;
    }
    if (!branch && change.before) {
      result.skipped.push({ ref: name, why: `the tag moved on the origin and is kept as it is here: git fetch --force ${origin} ${change.ref}:${change.ref}` });
      continue;
    }
    const fetched = await git(["fetch", "--quiet", "--no-tags", origin, `${change.ref}:${change.ref}`], { cwd }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    if (fetched === undefined) result.copied.push(name);
    else result.skipped.push({ ref: name, why: `${fetched} (the checkout's ${name} has commits the origin lacks)` });
  }
  return result;
}

/** The lines that say where the run published and what the checkout now has of it. */
export function renderPublished(where: string, changes: readonly RefChange[] | undefined, copied: CopyBack | undefined): string {
  if (!changes) return `Published to ${where}: its refs could not be listed before and after the run (git ls-remote ${where})`;
  if (changes.length === 0) return `Nothing published to ${where}: no branch or tag changed`;
  const lines = [`Published to ${where}:`];
  for (const change of changes) {
    const name = change.ref.replace(/^refs\/(heads|tags)\//, (_, kind: string) => (kind === "tags" ? "tag " : "branch "));
    if (!change.before) lines.push(`  new ${name} at ${change.after!.slice(0, 12)}`);
    else if (!change.after) lines.push(`  deleted ${name} (was ${change.before.slice(0, 12)})`);
    else lines.push(`  ${name} ${change.before.slice(0, 12)} → ${change.after.slice(0, 12)}`);
  }
  if (copied) {
    if (copied.copied.length > 0) lines.push(`Copied into this checkout: ${copied.copied.join(", ")} (stockops runs and compare read them here)`);
    for (const skip of copied.skipped) lines.push(`  not copied: ${skip.ref}, ${skip.why}`);
  }
  return lines.join("\n");
}
