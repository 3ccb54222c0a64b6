import { mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temp repository with `files` (relative path → content) written under it. */
export async function tempRepo(files: Record<string, string | Buffer> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "stockops-dvc-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

/** Every file under `dir` with its bytes, for byte-for-byte comparisons. */
export async function snapshot(dir: string, prefix = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, await snapshot(dir, rel));
    else out[rel] = (await readFile(join(dir, rel))).toString("base64");
  }
  return out;
}

export const PRICES_HEADER = "Date,Open,High,Low,Close,Adj Close,Volume\n";
