import { execFile } from "node:child_process";
import { GitError } from "../errors.js";

export interface GitCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunGitOptions {
  cwd: string;
  /** Environment of the git process (GIT_SSH_COMMAND, SSH_AUTH_SOCK, …); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs the git command line and returns its exit code and output instead of throwing on a non-zero
 * exit, so callers can tell a refused push from a failed connection. Never prompts for credentials on
 * a terminal (GIT_TERMINAL_PROMPT=0); SSH asks ssh-agent and the configured keys as it always does.
 */
export function runGit(args: string[], options: RunGitOptions): Promise<GitCliResult> {
  return new Promise((done, fail) => {
    execFile(
      "git",
      args,
      { cwd: options.cwd, env: { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: "0" }, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          fail(new GitError(`cannot run git ${args[0]}: ${error.message}`, {}, "origins other than http(s) are reached through the git command line; install git"));
          return;
        }
        done({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** What git said went wrong, one line: its `fatal:`/`error:` lines (ssh's own come first), else its last lines. */
export function gitFailureDetail(result: GitCliResult): string {
  const lines = result.stderr.split("\n").map((line) => line.trim()).filter(Boolean);
  const errors = lines.filter((line) => /^(fatal|error):|Permission denied|Host key verification failed|Could not resolve hostname|Connection refused/i.test(line));
  return (errors.length ? errors.slice(0, 3) : lines.slice(-3)).join("; ") || `git exited with ${result.code}`;
}
