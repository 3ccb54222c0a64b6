import { getOctokit } from "@actions/github";
import type { GitHubApi } from "../../src/github/github-api.js";
import { createRestGitHubApi, type OctokitLike } from "../../src/github/rest-github-api.js";

/**
 * `GitHubApi` over `@actions/github`'s Octokit, which takes its base URL from `GITHUB_API_URL` (a GitHub
 * Enterprise host, or the local stand-in in tests and the local runner).
 */
export function githubApi(token: string): GitHubApi {
  const octokit = getOctokit(token, process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {});
  return createRestGitHubApi(octokit as unknown as OctokitLike);
}
