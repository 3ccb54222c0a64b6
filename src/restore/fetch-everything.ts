import * as nodeFs from "node:fs";
import { GitError } from "../errors.js";

/**
 * Fetches every branch and tag of `remote` into the clone at `dir`. A deleted model branch's published
 * commits are reachable only from its version tags, which a single-branch fetch never brings.
 */
export async function fetchEverything(options: { dir: string; remote?: string; token?: string }): Promise<void> {
  const [git, http] = await Promise.all([import("isomorphic-git"), import("isomorphic-git/http/node")]);
  const token = options.token;
  try {
    await git.fetch({
      fs: nodeFs,
      http: http.default,
      dir: options.dir,
      remote: options.remote ?? "origin",
      singleBranch: false,
      tags: true,
      ...(token ? { onAuth: () => ({ username: "x-access-token", password: token }), onAuthFailure: () => ({ cancel: true }) } : {}),
    });
  } catch (error) {
    throw new GitError(`fetch of every branch and tag from ${options.remote ?? "origin"} failed: ${(error as Error).message}`, { field: "remote" });
  }
}
