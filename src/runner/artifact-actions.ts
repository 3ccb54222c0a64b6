import { cp, readdir, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { stepLabel, type StepOutcome, type StepRuntime } from "./step-runtime.js";

/** `actions/upload-artifact`: copies `path` (files or folders, one per line, no globs) to the run's `artifacts/<name>/`. */
export async function uploadArtifact(runtime: StepRuntime, inputs: Record<string, string>): Promise<StepOutcome> {
  const name = inputs.name || "artifact";
  const target = join(artifactsRoot(runtime), name);
  if ((await exists(target)) && inputs.overwrite !== "true") return { ok: false, outputs: {}, failure: `an artifact named '${name}' already exists in this run` };
  await rm(target, { recursive: true, force: true });
  let copied = 0;
  for (const path of lines(inputs.path)) {
    if (/[*?[]/.test(path)) throw new ConfigError(`${stepLabel(runtime)}: glob patterns in 'path' are not supported by the local runner`, runtime.workflow.locate([...runtime.step.path, "with", "path"], "path"));
    const source = resolve(runtime.workspace, path);
    if (!(await exists(source))) continue;
    const isDir = (await stat(source)).isDirectory();
    await cp(source, isDir ? target : join(target, basename(source)), { recursive: true });
    copied += 1;
  }
  if (copied === 0) {
    const mode = inputs["if-no-files-found"] || "warn";
    if (mode === "error") return { ok: false, outputs: {}, failure: `no files found at ${inputs.path}` };
    if (mode === "warn") runtime.logger.warn(`no files found at ${inputs.path}; no artifact uploaded`);
    return { ok: true, outputs: {} };
  }
  runtime.logger.progress(`artifact '${name}' saved to ${target}`);
  return { ok: true, outputs: { "artifact-id": name, "artifact-url": `file://${target}` } };
}

/**
 * `actions/download-artifact` as v4 does it: `name` → that artifact's files into `path`; no name → every
 * artifact of the run (those matching `pattern`), each into `path/<name>/`, or all into `path` with
 * `merge-multiple: true`.
 */
export async function downloadArtifact(runtime: StepRuntime, inputs: Record<string, string>): Promise<StepOutcome> {
  const target = resolve(runtime.workspace, inputs.path || ".");
  if (inputs.name) {
    const source = join(artifactsRoot(runtime), inputs.name);
    if (!(await exists(source))) return { ok: false, outputs: {}, failure: `no artifact named '${inputs.name}' in this run` };
    await cp(source, target, { recursive: true });
    return { ok: true, outputs: { "download-path": target } };
  }
  const matcher = inputs.pattern ? artifactPattern(inputs.pattern) : undefined;
  const names = (await readdir(artifactsRoot(runtime)).catch(() => [] as string[])).filter((name) => !matcher || matcher.test(name)).sort();
  if (names.length === 0) return { ok: false, outputs: {}, failure: `no artifact${inputs.pattern ? ` matching '${inputs.pattern}'` : ""} in this run` };
  const merge = inputs["merge-multiple"] === "true";
  for (const name of names) await cp(join(artifactsRoot(runtime), name), merge ? target : join(target, name), { recursive: true });
  runtime.logger.progress(`${names.length} artifact${names.length > 1 ? "s" : ""} downloaded to ${target}${merge ? " (merged)" : ""}: ${names.join(", ")}`);
  return { ok: true, outputs: { "download-path": target } };
}

/**
 * `actions/deploy-pages`: nothing is published locally; the step checks that the run uploaded the Pages
 * artifact (`artifact_name`, default github-pages) and answers `page_url` with the folder that holds it.
 */
export async function deployPages(runtime: StepRuntime, inputs: Record<string, string>): Promise<StepOutcome> {
  const name = inputs.artifact_name || "github-pages";
  const source = join(artifactsRoot(runtime), name);
  if (!(await exists(source))) return { ok: false, outputs: {}, failure: `no artifact named '${name}' in this run; upload it with actions/upload-pages-artifact first` };
  runtime.logger.progress(`deploy-pages: not published (local runner); the site is the artifact at ${source}`);
  return { ok: true, outputs: { page_url: `file://${source}/` } };
}

/** The minimatch subset artifact names need: `*` any run of characters, `?` one character. */
function artifactPattern(pattern: string): RegExp {
  const source = [...pattern].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.+()[\]{}|]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`);
}

function artifactsRoot(runtime: StepRuntime): string {
  return join(runtime.runDir, "artifacts");
}

function lines(text: string | undefined): string[] {
  return (text ?? "").split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
