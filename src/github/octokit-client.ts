import { UsageError } from "../errors.js";
import type { OctokitLike } from "./rest-github-api.js";

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

export interface OctokitClientOptions {
  token: string;
  /** `GITHUB_API_URL` on a runner; the stand-in's url in tests and the local runner. */
  baseUrl?: string;
}

/** For the CLI and the local runner: the same client shape the actions get from `@actions/github`. */
export async function createOctokitClient({ token, baseUrl = DEFAULT_GITHUB_API_URL }: OctokitClientOptions): Promise<OctokitLike> {
  if (!token) throw new UsageError("a GitHub token is needed (set GITHUB_TOKEN)", { field: "GITHUB_TOKEN" });
  const { Octokit } = await import("@octokit/core");
  return new Octokit({ auth: token, baseUrl: baseUrl.replace(/\/+$/, "") });
}

/** Reads `GITHUB_TOKEN` and `GITHUB_API_URL` the way a runner sets them. */
export function octokitOptionsFromEnv(env: NodeJS.ProcessEnv): OctokitClientOptions {
  return { token: env.GITHUB_TOKEN ?? "", baseUrl: env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL };
}
