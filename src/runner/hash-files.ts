import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { matchesPatterns } from "./glob-filter.js";

/**
 * `hashFiles(...)`: SHA-256 over the SHA-256 of each matching file under the workspace, in path order;
 * empty when nothing matches, as on GitHub.
 */
export function hashFiles(workspace: string, patterns: string[]): string {
  const files = walk(workspace).filter((file) => matchesPatterns(relative(workspace, file), patterns.map((pattern) => pattern.replace(/^\.\//, ""))));
  if (files.length === 0) return "";
  const outer = createHash("sha256");
  for (const file of files.sort()) outer.update(createHash("sha256").update(readFileSync(file)).digest());
  return outer.digest("hex");
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path));
    else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path).isFile())) found.push(path);
  }
  return found;
}
