import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { GitError } from "../errors.js";
import { git, ZERO_SHA } from "./git-cli.js";

/**
 * A bare mirror of the origin inside the runner's folder: where the runner reads workflow files at
 * the event's commit, computes changed files, and builds a pull request's merge commit, without
 * touching anyone's checkout.
 */
export class OriginMirror {
  readonly dir: string;

  constructor(root: string, private readonly url: string) {
    this.dir = join(root, "origin-mirror.git");
  }

  async refresh(): Promise<void> {
    if (!(await exists(this.dir))) {
      await mkdir(this.dir, { recursive: true });
      await git(["init", "--bare", "--quiet", this.dir]);
    }
    await git(["fetch", "--quiet", "--prune", "--force", this.url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], { cwd: this.dir });
  }

  /** Commit of `refs/heads/<branch>` on the origin right now, or undefined. */
  async branchCommit(branch: string): Promise<string | undefined> {
    const line = (await git(["ls-remote", this.url, `refs/heads/${branch}`])).trim();
    return line ? line.split(/\s+/)[0] : undefined;
  }

  async readFile(commit: string, path: string): Promise<string | undefined> {
    try {
      return await git(["show", `${commit}:${path}`], { cwd: this.dir });
    } catch {
      return undefined;
    }
  }

  async listFiles(commit: string, folder: string): Promise<string[]> {
    const out = await git(["ls-tree", "--name-only", `${commit}`, `${folder}/`], { cwd: this.dir }).catch(() => "");
    return out.split("\n").filter(Boolean);
  }

  async parent(commit: string): Promise<string | undefined> {
    const out = await git(["rev-list", "--parents", "-n", "1", commit], { cwd: this.dir });
    return out.trim().split(/\s+/)[1];
  }

  /** Files that differ between two commits; from the empty tree when `before` is missing. */
  async changedFiles(before: string | undefined, after: string): Promise<string[]> {
    const from = before && before !== ZERO_SHA ? before : await this.parent(after);
    const args = from ? ["diff", "--name-only", from, after] : ["ls-tree", "-r", "--name-only", after];
    return (await git(args, { cwd: this.dir })).split("\n").filter(Boolean);
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    return (await git(["merge-base", a, b], { cwd: this.dir }).catch(() => "")).trim() || undefined;
  }

  /**
   * Creates the test merge commit GitHub offers for a pull request and publishes it, with the head,
   * as `refs/pull/<n>/merge` and `refs/pull/<n>/head` on the origin.
   */
  async publishPullRequestRefs(number: number, baseSha: string, headSha: string): Promise<string> {
    let tree: string;
    try {
      tree = (await git(["merge-tree", "--write-tree", baseSha, headSha], { cwd: this.dir })).split("\n")[0]!.trim();
    } catch {
      throw new GitError(`pull request #${number}: head ${headSha.slice(0, 12)} does not merge cleanly into base ${baseSha.slice(0, 12)}; GitHub would not start a pull_request run with a merge commit`);
    }
    const identity = { GIT_AUTHOR_NAME: "GitHub", GIT_AUTHOR_EMAIL: "noreply@github.com", GIT_COMMITTER_NAME: "GitHub", GIT_COMMITTER_EMAIL: "noreply@github.com" };
    const merge = (await git(["commit-tree", tree, "-p", baseSha, "-p", headSha, "-m", `Merge ${headSha} into ${baseSha}`], { cwd: this.dir, env: identity })).trim();
    await git(["push", "--quiet", "--force", this.url, `${headSha}:refs/pull/${number}/head`, `${merge}:refs/pull/${number}/merge`], { cwd: this.dir });
    return merge;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
