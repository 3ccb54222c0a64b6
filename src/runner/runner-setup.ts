import type { Logger } from "../logger/logger.js";

/** Everything a run needs that does not come from the workflow file or the event. */
export interface RunnerSetup {
  /** Folder for this runner's work: run folders, the action cache, uploaded artifacts. */
  root: string;
  /** `owner/name` of the repository, as in GITHUB_REPOSITORY. */
  repository: string;
  /** Clone URL of the origin (`${serverUrl}/${repository}.git` for the local git http-backend). */
  originUrl: string;
  /** GITHUB_SERVER_URL. */
  serverUrl: string;
  /** GITHUB_API_URL: the local GitHub stand-in. */
  apiUrl: string;
  defaultBranch: string;
  /** The run's GITHUB_TOKEN (`secrets.GITHUB_TOKEN`, `github.token`); masked in logs. */
  token: string;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** The stockops installation whose node_modules a `npm ci` step may reuse (see docs/local-runner.md). */
  hostProjectRoot?: string;
  /** Node used for `uses: ./actions/*` (default: the one running stockops). */
  nodePath?: string;
  actor?: string;
  /** GITHUB_ACTOR_ID (default: octocat's id for the default actor, else a number derived from the name). */
  actorId?: string;
  /** Tells the GitHub stand-in about a pull request the runner opens, so the API can answer for it. */
  onPullRequest?: (repository: string, pull: Record<string, unknown>) => void;
  logger: Logger;
}
