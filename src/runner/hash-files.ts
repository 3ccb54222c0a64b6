import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigError, type Location } from "../errors.js";

const TIMEOUT_MS = 120_000;
const FOLLOW = "--follow-symbolic-links";

/**
 * The body of actions/runner's src/Misc/expressionFunc/hashFiles/src/hashFiles.ts, which the runner
 * runs as a node child in the workspace with the patterns in `patterns` (one a line): @actions/glob
 * walks them, directories and files outside the workspace are skipped, and the digest is SHA-256
 * over the SHA-256 of each file in the order the globber yields them.
 */
const SCRIPT = `
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
const glob = await import(process.env.STOCKOPS_GLOB_URL);
const workspace = process.cwd();
const result = crypto.createHash("sha256");
let count = 0;
const globber = await glob.create(process.env.patterns || "", { followSymbolicLinks: process.env.followSymbolicLinks === "true" });
for await (const file of globber.globGenerator()) {
  if (!file.startsWith(workspace + path.sep)) continue;
  if (fs.statSync(file).isDirectory()) continue;
  const hash = crypto.createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  result.write(hash.digest());
  count++;
}
result.end();
process.stderr.write(count > 0 ? "__OUTPUT__" + result.digest("hex") + "__OUTPUT__\\n" : "__OUTPUT____OUTPUT__\\n");
`;

/**
 * `hashFiles(...)` as the runner computes it: the first argument may be `--follow-symbolic-links`;
 * `''` when nothing matches. Synchronous because expressions are (the runner also blocks on its child).
 */
export function hashFiles(workspace: string, args: string[], location: Location = { file: "hashFiles" }): string {
  const [first, ...rest] = args;
  let follow = false;
  let patterns = args;
  if (first?.startsWith("--")) {
    if (first.toLowerCase() !== FOLLOW) throw new ConfigError(`hashFiles: invalid glob option ${first}, available option: '${FOLLOW}'`, location);
    follow = true;
    patterns = rest;
  }
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT], {
    cwd: workspace,
    env: { PATH: process.env.PATH ?? "", patterns: patterns.join("\n"), ...(follow ? { followSymbolicLinks: "true" } : {}), STOCKOPS_GLOB_URL: globModuleUrl() },
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  const quoted = patterns.join(", ").replace(/'/g, "''");
  if (child.error && (child.error as NodeJS.ErrnoException).code === "ETIMEDOUT") throw new ConfigError(`hashFiles('${quoted}') couldn't finish within ${TIMEOUT_MS / 1000} seconds.`, location);
  const output = /^__OUTPUT__([0-9a-f]*)__OUTPUT__$/m.exec(child.stderr ?? "");
  if (child.status !== 0 || !output) {
    throw new ConfigError(`hashFiles('${quoted}') failed. Fail to hash files under directory '${workspace}': ${reason(child.stderr ?? String(child.error))}`, location);
  }
  return output[1]!;
}

function reason(stderr: string): string {
  const lines = stderr.trim().split("\n");
  return (lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.at(-1) ?? "").trim();
}

let globUrl: string | undefined;

/** @actions/glob exports only an `import` entry, so it is found on disk, from this file upwards. */
function globModuleUrl(): string {
  if (globUrl) return globUrl;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "@actions", "glob", "lib", "glob.js");
    if (existsSync(candidate)) return (globUrl = pathToFileURL(candidate).href);
    if (dirname(dir) === dir) throw new ConfigError("hashFiles needs @actions/glob, which is not installed", { file: "package.json" });
  }
}
