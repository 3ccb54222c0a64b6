import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { realPrices } from "./real-prices.js";

/** A temp model-branch folder whose stockops.toml reads a real-prices ticker (realPrices.tickers); `extra` is appended TOML (e.g. a [model] table). */
export async function makeModelBranch(ticker: string, model: string, extraData = ""): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `stockops-${ticker}-`));
  await writeFile(
    join(dir, "stockops.toml"),
    `symbol = "${ticker}"\nteam = "red"\nseed = 7\n\n[data]\nsource = "csv"\npath = "${realPrices.path(ticker)}"\n${extraData}\n\n[model]\n${model}\n`,
  );
  return dir;
}

/** Relative path → { mtime, bytes } of every file under dir, to prove a run wrote nothing. */
export async function snapshotTree(dir: string): Promise<Map<string, { mtimeMs: number; bytes: string }>> {
  const result = new Map<string, { mtimeMs: number; bytes: string }>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    result.set(relative(dir, path), { mtimeMs: (await stat(path)).mtimeMs, bytes: (await readFile(path)).toString("base64") });
  }
  return result;
}
