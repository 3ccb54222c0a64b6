import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GitError } from "../errors.js";
import { gitFailureDetail } from "../gitops/run-git.js";

const execFileAsync = promisify(execFile);

/** Runs the git command line (the runner drives git as the hosted runner's actions/checkout does). */
export async function git(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync("git", args, {
      cwd: options.cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    const detail = stderr.trim() ? gitFailureDetail({ code: 1, stdout: "", stderr }) : (error as Error).message.split("\n")[0];
    throw new GitError(`git ${args.filter((arg) => !arg.startsWith("http")).join(" ")} failed: ${detail}`);
  }
}

export const ZERO_SHA = "0000000000000000000000000000000000000000";
