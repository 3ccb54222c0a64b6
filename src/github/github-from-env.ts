import { parseRepoRef } from "./github-api.js";
import type { GitHubTarget } from "./dispatch-workflows.js";

/** The repository the runner names in GITHUB_REPOSITORY, through the REST API at GITHUB_API_URL (api.github.com by default). */
export async function githubFromEnv(env: NodeJS.ProcessEnv, token: string): Promise<GitHubTarget> {
  const [{ createOctokitClient, DEFAULT_GITHUB_API_URL }, { createRestGitHubApi }] = await Promise.all([import("./octokit-client.js"), import("./rest-github-api.js")]);
  const repo = parseRepoRef(env.GITHUB_REPOSITORY ?? "");
  return { api: createRestGitHubApi(await createOctokitClient({ token, baseUrl: env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL })), repo };
}
