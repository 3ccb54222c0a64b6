// Runs a bundled action (actions/<step>/dist/index.js) the way a GitHub runner does: a separate Node 24
// process, INPUT_<NAME> for every input action.yml declares (defaults filled in as the runner fills them),
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_EVENT_PATH with a webhook payload, GITHUB_WORKSPACE.
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");

/** The node binary of Node 24 (`npx -y -p node@24`), or why it cannot be had here. */
export function findNode24(): { path: string } | { skip: string } {
  if (process.versions.node.startsWith("24.")) return { path: process.execPath };
  const result = spawnSync("npx", ["-y", "-p", "node@24", "node", "-p", "process.execPath + ' ' + process.version"], { encoding: "utf8", timeout: 180_000 });
  const line = result.stdout?.trim().split("\n").at(-1) ?? "";
  const [path, version] = line.split(" ");
  if (result.status !== 0 || !path || !version?.startsWith("v24.")) return { skip: `Node 24 could not be fetched with npx -y -p node@24 (${(result.stderr ?? "").trim().split("\n").at(-1) ?? "no output"})` };
  return { path };
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunActionOptions {
  node: string;
  action: string;
  /** Folder holding actions/<action> (default: this checkout). */
  root?: string;
  workspace: string;
  inputs?: Record<string, string>;
  event: unknown;
  eventName: string;
  refName: string;
  token: string;
  env?: Record<string, string>;
}

/** The runner's `${{ }}` defaults that our action.yml files use. */
function runnerDefault(value: string, options: RunActionOptions): string {
  return value.replace("${{ github.token }}", options.token).replace("${{ github.ref_name }}", options.refName);
}

export async function runBundledAction(options: RunActionOptions): Promise<ActionRun> {
  const actionDir = join(options.root ?? REPO_ROOT, "actions", options.action);
  const manifest = parse(await readFile(join(actionDir, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }>; runs: { using: string; main: string } };
  const temp = await mkdtemp(join(tmpdir(), `stockops-action-${options.action}-`));
  const files = { output: join(temp, "output"), summary: join(temp, "summary.md"), event: join(temp, "event.json") };
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  await writeFile(files.event, JSON.stringify(options.event));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? temp,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_REF_NAME: options.refName,
    GITHUB_REF: `refs/heads/${options.refName}`,
    GITHUB_REPOSITORY: "Codertocat/Hello-World",
    GITHUB_ACTION_PATH: actionDir,
    RUNNER_TEMP: temp,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    ...options.env,
  };
  for (const [name, input] of Object.entries(manifest.inputs ?? {})) {
    const value = options.inputs?.[name] ?? (input.default === undefined ? undefined : runnerDefault(String(input.default), options));
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  const child = spawn(options.node, [join(actionDir, manifest.runs.main)], { cwd: options.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  return { code, stdout, stderr, outputs: parseOutputFile(await readFile(files.output, "utf8")), summary: await readFile(files.summary, "utf8") };
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, value lines, `delimiter`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (match) {
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== match[2]; i += 1) value.push(lines[i]!);
      outputs[match[1]!] = value.join("\n");
    } else if (lines[i]!.includes("=")) {
      const [name, ...rest] = lines[i]!.split("=");
      outputs[name!] = rest.join("=");
    }
  }
  return outputs;
}
