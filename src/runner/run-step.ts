import { createHash } from "node:crypto";
import { cp, lstat, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { takeCommandFile } from "./command-files.js";
import { interpolateText } from "./expressions.js";
import { runStepProcess } from "./step-process.js";
import { stepLabel, type StepOutcome, type StepRuntime } from "./step-runtime.js";

/** actions/runner's ScriptHandlerHelpers: `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`. */
const SHELLS: Record<string, (file: string) => [string, string[]]> = {
  bash: (file) => ["bash", ["--noprofile", "--norc", "-eo", "pipefail", file]],
  sh: (file) => ["sh", ["-e", file]],
};

/** With no shell named anywhere, the runner uses `bash -e {0}` (no pipefail, profile read). */
const DEFAULT_SHELL = (file: string): [string, string[]] => ["bash", ["-e", file]];

/** A `run:` step: the script, with expressions filled in, run by bash as the hosted runner runs it. */
export async function runShellStep(runtime: StepRuntime): Promise<StepOutcome> {
  const { step, job, workflow } = runtime;
  const script = interpolateText(step.run ?? "", runtime.scope);
  const shellName = step.shell ?? job.defaultsRun.shell ?? workflow.defaultsRun.shell;
  const shell = shellName === undefined ? DEFAULT_SHELL : SHELLS[shellName];
  if (!shell) throw new ConfigError(`${stepLabel(runtime)}: shell '${shellName}' is not supported by the local runner`, workflow.locate([...step.path, "shell"]));
  const directory = step.workingDirectory ?? job.defaultsRun.workingDirectory ?? workflow.defaultsRun.workingDirectory;
  const cwd = resolve(runtime.workspace, directory ? interpolateText(directory, runtime.scope) : ".");
  if (relative(runtime.workspace, cwd).startsWith("..")) throw new ConfigError(`${stepLabel(runtime)}: working-directory '${directory}' is outside the workspace`, workflow.locate([...step.path, "working-directory"]));
  runtime.logger.info(`  ▶ ${runtime.stepName}`);
  if (await reuseHostModules(runtime, script, cwd)) return { ok: true, outputs: await takeCommandFile(runtime.env.GITHUB_OUTPUT!) };
  const file = join(runtime.temp, `step-${step.index}.sh`);
  await writeFile(file, script);
  const [command, args] = shell(file);
  const result = await runStepProcess({
    command,
    args,
    cwd,
    env: runtime.env,
    logger: runtime.logger,
    masks: runtime.masks,
    timeoutMs: runtime.timeoutMs,
  });
  const outputs = await takeCommandFile(runtime.env.GITHUB_OUTPUT!);
  if (result.exitCode === 0) return { ok: true, outputs };
  return { ok: false, outputs, failure: result.timedOut ? "timed out" : `exit code ${result.exitCode}` };
}

/**
 * `npm ci` on a checkout whose package-lock.json is byte-identical to the stockops installation's
 * installs exactly what that installation already has; linking its node_modules gives the same tree
 * offline in milliseconds. Any other lockfile runs the real `npm ci`.
 */
async function reuseHostModules(runtime: StepRuntime, script: string, cwd: string): Promise<boolean> {
  const host = runtime.setup.hostProjectRoot;
  if (!host || !/^npm ci(\s+--?[a-z-]+(=\S+)?)*$/.test(script.trim())) return false;
  const [ours, theirs] = await Promise.all([readFile(join(cwd, "package-lock.json"), "utf8").catch(() => undefined), readFile(join(host, "package-lock.json"), "utf8").catch(() => undefined)]);
  if (ours === undefined || ours !== theirs) return false;
  const target = join(cwd, "node_modules");
  if (await lstat(target).then(() => true, () => false)) await rm(target, { recursive: true, force: true });
  await symlink(join(host, "node_modules"), target, "dir");
  runtime.logger.progress(`npm ci: package-lock.json matches ${host}; linked its node_modules instead of installing (local runner)`);
  await runPrepare(runtime, cwd, host);
  return true;
}

/**
 * `npm ci` also runs the `prepare` script (here: tsc into lib/). When the checkout's src/ is the same
 * as the installation's and its lib/ is newer than every source file, that build is copied instead.
 */
async function runPrepare(runtime: StepRuntime, cwd: string, host: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(cwd, "package.json"), "utf8").catch(() => "{}")) as { scripts?: Record<string, string> };
  if (!manifest.scripts?.prepare) return;
  const [ours, theirs] = await Promise.all([treeDigest(join(cwd, "src")), treeDigest(join(host, "src"))]);
  const hostBuilt = await stat(join(host, "lib", "cli", "main.js")).then((info) => info.mtimeMs, () => 0);
  if (ours.digest === theirs.digest && hostBuilt > theirs.newest) {
    await cp(join(host, "lib"), join(cwd, "lib"), { recursive: true });
    runtime.logger.progress(`npm ci: src/ matches ${host} and its lib/ is up to date; copied lib/ instead of running prepare`);
    return;
  }
  const built = join(runtime.setup.root, "prepare-builds", ours.digest, "lib");
  if (await stat(built).then(() => true, () => false)) {
    await cp(built, join(cwd, "lib"), { recursive: true });
    runtime.logger.progress(`npm ci: copied lib/ built by an earlier job from the same src/ (${ours.digest.slice(0, 12)})`);
    return;
  }
  runtime.logger.progress("npm ci: running the prepare script (src/ differs from the installation's)");
  const result = await runStepProcess({ command: "npm", args: ["run", "prepare"], cwd, env: runtime.env, logger: runtime.logger, masks: runtime.masks });
  if (result.exitCode !== 0) throw new ConfigError(`${stepLabel(runtime)}: npm run prepare failed with exit code ${result.exitCode}`, runtime.workflow.locate(runtime.step.path));
  await mkdir(dirname(built), { recursive: true });
  await cp(join(cwd, "lib"), `${built}.partial-${process.pid}`, { recursive: true });
  await rename(`${built}.partial-${process.pid}`, built).catch(() => rm(`${built}.partial-${process.pid}`, { recursive: true, force: true }));
}

async function treeDigest(dir: string): Promise<{ digest: string; newest: number }> {
  const hash = createHash("sha256");
  let newest = 0;
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile());
  const paths = files.map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const path of paths) {
    hash.update(relative(dir, path)).update("\0").update(await readFile(path)).update("\0");
    newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return { digest: hash.digest("hex"), newest };
}
