import { cp, mkdir, readdir, rm, stat } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { homedir } from "node:os";
import { join, relative, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { git } from "./git-cli.js";
import { deployPages, downloadArtifact, uploadArtifact } from "./artifact-actions.js";
import { toText, type ExpressionValue } from "./expressions.js";
import { unexpectedInputs } from "./local-action.js";
import { stepLabel, type StepOutcome, type StepRuntime } from "./step-runtime.js";

type PrepAction = (runtime: StepRuntime, inputs: Record<string, string>) => Promise<StepOutcome>;

interface PrepActionSpec {
  inputs: readonly string[];
  run: PrepAction;
}

/**
 * Third-party actions that only prepare a runner, each with a local equivalent. Inputs are the ones
 * their action.yml declares; any other input is GitHub's "Unexpected input(s)" warning, as for `./actions/*`.
 */
const PREP_ACTIONS: Record<string, PrepActionSpec> = {
  "actions/checkout": {
    inputs: ["repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user", "persist-credentials", "path", "clean", "filter", "sparse-checkout", "sparse-checkout-cone-mode", "fetch-depth", "fetch-tags", "show-progress", "lfs", "submodules", "set-safe-directory", "github-server-url"],
    run: checkout,
  },
  "actions/setup-node": {
    inputs: ["always-auth", "node-version", "node-version-file", "architecture", "check-latest", "registry-url", "scope", "token", "cache", "package-manager-cache", "cache-dependency-path", "mirror", "mirror-token"],
    run: setupNode,
  },
  "actions/cache": {
    inputs: ["path", "key", "restore-keys", "upload-chunk-size", "enableCrossOsArchive", "fail-on-cache-miss", "lookup-only", "save-always"],
    run: cache,
  },
  "actions/upload-artifact": {
    inputs: ["name", "path", "if-no-files-found", "retention-days", "compression-level", "overwrite", "include-hidden-files", "archive"],
    run: uploadArtifact,
  },
  "actions/upload-pages-artifact": {
    inputs: ["name", "path", "retention-days"],
    run: (runtime, inputs) => uploadArtifact(runtime, { name: inputs.name || "github-pages", ...inputs }),
  },
  "actions/deploy-pages": {
    inputs: ["token", "timeout", "error_count", "reporting_interval", "artifact_name", "preview"],
    run: deployPages,
  },
  "actions/download-artifact": {
    inputs: ["name", "path", "pattern", "merge-multiple", "github-token", "repository", "run-id", "skip-decompress", "digest-mismatch"],
    run: downloadArtifact,
  },
};

/** The local equivalent of `uses: <owner>/<name>@<ref>`, or a ConfigError naming file and line when there is none. */
export async function runPrepAction(runtime: StepRuntime, uses: string, withValues: Record<string, ExpressionValue>): Promise<StepOutcome> {
  const location = runtime.workflow.locate([...runtime.step.path, "uses"], "uses");
  const match = /^([^@\s]+)@(\S+)$/.exec(uses);
  const spec = match ? PREP_ACTIONS[match[1]!.toLowerCase()] : undefined;
  if (!match || !spec) {
    throw new ConfigError(
      `${stepLabel(runtime)}: 'uses: ${uses}' is not supported by the local runner (supported: ./actions/<name>, ${Object.keys(PREP_ACTIONS).map((name) => `${name}@<ref>`).join(", ")})`,
      location,
    );
  }
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(withValues)) inputs[name] = toText(value);
  const unexpected = unexpectedInputs(Object.keys(withValues), spec.inputs);
  if (unexpected) runtime.logger.warn(`${stepLabel(runtime)} (${match[1]}): ${unexpected}`);
  runtime.logger.info(`  ▶ ${runtime.stepName} (${uses}: local equivalent)`);
  return spec.run(runtime, inputs);
}

async function checkout(runtime: StepRuntime, inputs: Record<string, string>): Promise<StepOutcome> {
  const { setup, env } = runtime;
  const location = runtime.workflow.locate([...runtime.step.path, "with"]);
  if (inputs.repository && inputs.repository.toLowerCase() !== setup.repository.toLowerCase()) {
    throw new ConfigError(`${stepLabel(runtime)}: the local runner checks out only ${setup.repository}, not ${inputs.repository}`, location);
  }
  const target = resolve(runtime.workspace, inputs.path || ".");
  if (relative(runtime.workspace, target).startsWith("..")) throw new ConfigError(`${stepLabel(runtime)}: path '${inputs.path}' is outside the workspace`, location);
  const depth = Number(inputs["fetch-depth"] || "1");
  const ref = inputs.ref || env.GITHUB_REF!;
  const fullRef = await qualifyRef(ref, runtime);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const run = (args: string[]) => git(args, { cwd: target });
  await run(["init", "--quiet", "--initial-branch=main"]);
  await run(["remote", "add", "origin", setup.originUrl]);
  const token = inputs.token || setup.token;
  if (inputs["persist-credentials"] !== "false" && token) await persistCredentials(target, token, runtime);
  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  const refspecs = depth === 0 ? ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"] : [];
  const localRef = fullRef.startsWith("refs/heads/") ? `refs/remotes/origin/${fullRef.slice(11)}` : fullRef.startsWith("refs/pull/") ? `refs/remotes/pull/${fullRef.slice(10)}` : fullRef;
  refspecs.push(/^[0-9a-f]{40}$/.test(fullRef) ? fullRef : `+${fullRef}:${localRef}`);
  await run(["fetch", "--quiet", "--no-recurse-submodules", ...(inputs["fetch-tags"] === "true" ? [] : ["--no-tags"]), ...depthArgs, "origin", ...refspecs]);
  const wanted = !inputs.ref && env.GITHUB_SHA ? env.GITHUB_SHA : undefined;
  const haveWanted = wanted ? await run(["cat-file", "-e", `${wanted}^{commit}`]).then(() => true, () => false) : false;
  if (fullRef.startsWith("refs/heads/")) {
    await run(["checkout", "--quiet", "--force", "-B", fullRef.slice(11), haveWanted ? wanted! : localRef]);
  } else {
    await run(["checkout", "--quiet", "--force", "--detach", haveWanted ? wanted! : localRef]);
  }
  const commit = (await run(["rev-parse", "HEAD"])).trim();
  runtime.logger.progress(`checked out ${fullRef} at ${commit.slice(0, 12)} into ${relative(runtime.workspace, target) || "the workspace"}`);
  return { ok: true, outputs: { ref: fullRef, commit } };
}

/**
 * As checkout v6 and later do: the token goes to a config file under RUNNER_TEMP that .git/config only
 * includes (`includeIf.gitdir`), so no credential is written into the repository's own config.
 */
async function persistCredentials(target: string, token: string, runtime: StepRuntime): Promise<void> {
  const temp = runtime.env.RUNNER_TEMP ?? join(runtime.setup.root, "temp");
  await mkdir(temp, { recursive: true });
  const file = join(temp, `git-credentials-${randomUUID()}.config`);
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  await git(["config", "--file", file, `http.${runtime.setup.serverUrl}/.extraheader`, header]);
  await git(["config", "--local", `includeIf.gitdir:${join(target, ".git")}.path`, file], { cwd: target });
  runtime.addPostStep(`Post ${runtime.stepName}`, async () => {
    await rm(file, { force: true });
    runtime.logger.progress("removed the persisted credentials");
  });
}

async function qualifyRef(ref: string, runtime: StepRuntime): Promise<string> {
  if (ref.startsWith("refs/") || /^[0-9a-f]{40}$/.test(ref)) return ref;
  const heads = await git(["ls-remote", runtime.setup.originUrl, `refs/heads/${ref}`, `refs/tags/${ref}`]);
  const found = heads.trim().split("\n").filter(Boolean)[0]?.split(/\s+/)[1];
  if (!found) throw new ConfigError(`${stepLabel(runtime)}: ref '${ref}' is neither a branch nor a tag of ${runtime.setup.repository}`, runtime.workflow.locate([...runtime.step.path, "with", "ref"], "ref"));
  return found;
}

async function setupNode(runtime: StepRuntime, inputs: Record<string, string>): Promise<StepOutcome> {
  runtime.logger.progress(`setup-node: using the local ${process.version} (asked for ${inputs["node-version"] || inputs["node-version-file"] || "any"})`);
  return { ok: true, outputs: { "node-version": process.version, "cache-hit": "false" } };
}

async function cache(runtime: StepRuntime, inputs: Record<string, string>): Promise<StepOutcome> {
  const location = runtime.workflow.locate([...runtime.step.path, "with"]);
  if (!inputs.key) throw new ConfigError(`${stepLabel(runtime)}: actions/cache needs 'key'`, location);
  const paths = lines(inputs.path).map((path) => resolve(runtime.workspace, path.replace(/^~(?=\/|$)/, homedir())));
  if (paths.length === 0) throw new ConfigError(`${stepLabel(runtime)}: actions/cache needs 'path'`, location);
  if (paths.some((path) => /[*?[]/.test(path))) throw new ConfigError(`${stepLabel(runtime)}: glob patterns in actions/cache 'path' are not supported by the local runner`, location);
  const cacheRoot = join(runtime.setup.root, "cache");
  await mkdir(cacheRoot, { recursive: true });
  const exact = join(cacheRoot, cacheFolderName(inputs.key));
  let hitKey: string | undefined = (await exists(exact)) ? inputs.key : undefined;
  if (!hitKey) {
    const entries = await readdir(cacheRoot);
    for (const prefix of lines(inputs["restore-keys"])) {
      const candidates = entries.map(decodeURIComponent).filter((key) => key.startsWith(prefix));
      if (candidates.length > 0) {
        hitKey = await newest(cacheRoot, candidates);
        break;
      }
    }
  }
  if (hitKey && inputs["lookup-only"] !== "true") {
    const folder = join(cacheRoot, cacheFolderName(hitKey));
    for (const [index, path] of paths.entries()) {
      const saved = join(folder, String(index));
      if (await exists(saved)) await cp(saved, path, { recursive: true, force: true });
    }
  }
  const exactHit = hitKey === inputs.key;
  runtime.logger.progress(hitKey ? `cache restored from key ${hitKey}${exactHit ? "" : " (restore-keys)"}` : `cache miss for key ${inputs.key}`);
  if (inputs["fail-on-cache-miss"] === "true" && !hitKey) return { ok: false, outputs: {}, failure: `no cache for key ${inputs.key}` };
  if (!exactHit) {
    runtime.addPostStep(`Post ${runtime.stepName}`, async () => {
      const folder = join(cacheRoot, cacheFolderName(inputs.key!));
      if (await exists(folder)) return;
      const staging = `${folder}.partial-${process.pid}`;
      for (const [index, path] of paths.entries()) {
        if (await exists(path)) await cp(path, join(staging, String(index)), { recursive: true, verbatimSymlinks: true });
      }
      await mkdir(staging, { recursive: true });
      await rm(folder, { recursive: true, force: true });
      await cp(staging, folder, { recursive: true, verbatimSymlinks: true });
      await rm(staging, { recursive: true, force: true });
      runtime.logger.progress(`cache saved under key ${inputs.key}`);
    }, "success()"); // actions/cache's action.yml: post-if: success()
  }
  return { ok: true, outputs: { "cache-hit": String(exactHit), "cache-primary-key": inputs.key, ...(hitKey ? { "cache-matched-key": hitKey } : {}) } };
}

function lines(text: string | undefined): string[] {
  return (text ?? "").split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

function cacheFolderName(key: string): string {
  return encodeURIComponent(key);
}

async function newest(root: string, keys: string[]): Promise<string> {
  const times = await Promise.all(keys.map(async (key) => ({ key, time: (await stat(join(root, cacheFolderName(key)))).mtimeMs })));
  return times.sort((a, b) => b.time - a.time)[0]!.key;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

