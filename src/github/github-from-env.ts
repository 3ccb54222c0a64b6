import { parseRepoRef, type RepoRef } from "./github-api.js";
import type { GitHubTarget } from "./dispatch-workflows.js";

/**
 * The REST API at GITHUB_API_URL (api.github.com by default) with `token`, aimed at `repo`: by default the
 * repository the runner names in GITHUB_REPOSITORY.
 */
export async function githubFromEnv(env: NodeJS.ProcessEnv, token: string, repo: RepoRef = parseRepoRef(env.GITHUB_REPOSITORY ?? "")): Promise<GitHubTarget> {
  const [{ createOctokitClient, DEFAULT_GITHUB_API_URL }, { createRestGitHubApi }] = await Promise.all([import("./octokit-client.js"), import("./rest-github-api.js")]);
  return { api: createRestGitHubApi(await createOctokitClient({ token, baseUrl: env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL })), repo };
}
