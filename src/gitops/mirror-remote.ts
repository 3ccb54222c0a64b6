import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GitError } from "../errors.js";
import type { GitAccess } from "./git-access.js";
import { redactUrl, remoteAccessHint, remoteTransportKind } from "./remote-url.js";
import { gitFailureDetail, runGit } from "./run-git.js";

/**
 * Every branch and tag of the remote at `url`, fetched into a new bare repository in the temp folder
 * (removed when the process exits), for commands that read a repository's refs and objects without a
 * clone (`runs --repo URL`). Fetched by the git command line for every transport; an http(s) remote
 * gets GITHUB_TOKEN as the same basic-auth header actions/checkout configures, kept in the mirror's own
 * config rather than on a command line.
 */
export async function mirrorRemote(url: string, access: Partial<GitAccess> = {}): Promise<string> {
  const gitdir = await mkdtemp(join(tmpdir(), "stockops-mirror-"));
  process.once("exit", () => rmSync(gitdir, { recursive: true, force: true }));
  const git = (args: string[]) => runGit(args, { cwd: gitdir, ...(access.env ? { env: access.env } : {}) });
  await git(["init", "--bare", "--quiet"]);
  if (access.token && remoteTransportKind(url) === "http") {
    await git(["config", "--local", "http.extraheader", `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${access.token}`).toString("base64")}`]);
  }
  const fetched = await git(["fetch", "--quiet", "--no-tags", url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]);
  if (fetched.code !== 0) {
    await rm(gitdir, { recursive: true, force: true });
    throw new GitError(`cannot fetch the branches and tags of ${redactUrl(url)}: ${gitFailureDetail(fetched)}`, { field: "repo" }, remoteAccessHint(url));
  }
  return gitdir;
}
