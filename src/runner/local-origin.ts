import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { GitError } from "../errors.js";
import { createBareRepo, startGitHttpServer, type GitHttpServer } from "../gitops/git-http-server.js";
import type { GitHubStandIn } from "../github/stand-in-server.js";
import { git } from "./git-cli.js";
import type { RunnerSetup } from "./runner-setup.js";

export interface LocalOrigin {
  /** GITHUB_SERVER_URL: the git http-backend's base URL. */
  serverUrl: string;
  /** Clone URL of the repository. */
  originUrl: string;
  /** Path of the bare repository on disk. */
  bareDir: string;
  /** GITHUB_API_URL: the GitHub REST stand-in. */
  apiUrl: string;
  standIn: GitHubStandIn;
  gitServer: GitHttpServer;
  close(): Promise<void>;
}

export interface LocalOriginOptions {
  /** Folder holding the bare repositories (`<gitRoot>/<owner>/<name>.git`). */
  gitRoot: string;
  repository: string;
  defaultBranch?: string;
  /** Token the git server and the API stand-in require for writes; none when left out. */
  token?: string;
}

/** Serves the bare repository of `repository` (created empty when missing) and starts the GitHub stand-in. */
export async function startLocalOrigin(options: LocalOriginOptions): Promise<LocalOrigin> {
  const [owner, name] = options.repository.split("/");
  if (!owner || !name) throw new GitError(`repository must be owner/name, got '${options.repository}'`);
  const bareDir = join(options.gitRoot, owner, `${name}.git`);
  if (!(await exists(bareDir))) await createBareRepo(dirname(bareDir), name, options.defaultBranch ?? "main");
  const gitServer = await startGitHttpServer({ projectRoot: options.gitRoot, ...(options.token ? { token: options.token } : {}) });
  const { startGitHubStandIn } = await import("../github/stand-in-server.js");
  const standIn = await startGitHubStandIn({ ...(options.token ? { token: options.token } : {}), repos: [{ fullName: options.repository, defaultBranch: options.defaultBranch ?? "main" }] });
  return {
    serverUrl: gitServer.url,
    originUrl: `${gitServer.url}/${options.repository}.git`,
    bareDir,
    apiUrl: standIn.url,
    standIn,
    gitServer,
    close: async () => {
      await Promise.all([gitServer.close(), standIn.close()]);
    },
  };
}

/**
 * Puts the committed tree of `sourceDir`'s HEAD on `branch` of the bare origin (its own history,
 * never the working tree's uncommitted changes). Returns the commit.
 */
export async function seedOriginFromCheckout(sourceDir: string, bareDir: string, branch = "main"): Promise<string> {
  const head = (await git(["rev-parse", "HEAD"], { cwd: sourceDir })).trim();
  await git(["push", "--quiet", bareDir, `${head}:refs/heads/${branch}`], { cwd: sourceDir });
  return head;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * A runner aimed at a local origin: its clone URL, git server and API stand-in, default branch main, no secrets
 * or variables unless given, and pull requests the runner opens made known to the stand-in.
 */
export function localRunnerSetup(
  origin: LocalOrigin,
  setup: Pick<RunnerSetup, "root" | "repository" | "token" | "logger"> & Partial<RunnerSetup>,
): RunnerSetup {
  return {
    originUrl: origin.originUrl,
    serverUrl: origin.serverUrl,
    apiUrl: origin.apiUrl,
    defaultBranch: "main",
    secrets: {},
    vars: {},
    onPullRequest: (repository, pull) => origin.standIn.state.addPullRequest(repository, pull),
    ...setup,
  };
}
