import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createBareRepo, startGitHttpServer, type GitHttpServer } from "../../src/gitops/git-http-server.js";

const execFileAsync = promisify(execFile);

/** A file tree written inline in a test: path (forward slashes) → content. */
export type FileTree = Record<string, string | Uint8Array>;

export const TEST_AUTHOR = { name: "Test Person", email: "test@example.com" };

/** Environment that keeps the user's git config out of tests and fixes the identity and dates. */
export const gitTestEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: TEST_AUTHOR.name,
  GIT_AUTHOR_EMAIL: TEST_AUTHOR.email,
  GIT_COMMITTER_NAME: TEST_AUTHOR.name,
  GIT_COMMITTER_EMAIL: TEST_AUTHOR.email,
  GIT_TERMINAL_PROMPT: "0",
};

/** Runs the real git CLI; returns trimmed stdout. */
export async function gitCli(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("git", args, { cwd, env: gitTestEnv, maxBuffer: 32 * 1024 * 1024 });
  return stdout.trim();
}

export async function makeTempDir(prefix = "stockops-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeTree(root: string, files: FileTree): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, ...path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/** A new working repository on `branch` whose first commit holds `files`. */
export async function createTempRepo(files: FileTree, branch = "main"): Promise<string> {
  const dir = await makeTempDir("stockops-repo-");
  await gitCli(dir, ["init", "--quiet", `--initial-branch=${branch}`]);
  await writeTree(dir, files);
  await gitCli(dir, ["add", "-A"]);
  await gitCli(dir, ["commit", "--quiet", "--allow-empty", "-m", "initial"]);
  return dir;
}

export interface TempRemote {
  /** Folder that holds the bare repositories the server exports. */
  root: string;
  server: GitHttpServer;
  /** `${server.url}/<name>.git` */
  url: string;
  /** Path of the bare repository on disk. */
  bareDir: string;
  cleanup(): Promise<void>;
}

/**
 * A bare repository served by the real `git http-backend` on 127.0.0.1, seeded with `files` on `main`
 * and on each branch in `branches` (all pointing at that first commit).
 */
export async function createTempRemote(files: FileTree, options: { name?: string; branches?: string[]; token?: string } = {}): Promise<TempRemote> {
  const name = options.name ?? "origin";
  const root = await makeTempDir("stockops-remote-");
  const bareDir = await createBareRepo(root, name);
  const seed = await createTempRepo(files);
  for (const branch of options.branches ?? []) await gitCli(seed, ["branch", branch]);
  await gitCli(seed, ["push", "--quiet", bareDir, "--all"]);
  await rm(seed, { recursive: true, force: true });
  const server = await startGitHttpServer({ projectRoot: root, ...(options.token ? { token: options.token } : {}) });
  return {
    root,
    server,
    url: `${server.url}/${name}.git`,
    bareDir,
    cleanup: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
