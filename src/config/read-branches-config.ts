import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import { configErrorFromIssues } from "./zod-issues.js";
import { branchesConfigSchema, type BranchesConfig } from "./branches-config.js";

export const BRANCHES_FILE = "branches.json";

export function parseBranchesConfig(text: string, file = BRANCHES_FILE): BranchesConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`not valid JSON: ${(error as Error).message}`, { file });
  }
  const result = branchesConfigSchema.safeParse(raw);
  if (!result.success) throw configErrorFromIssues(result.error.issues, file, () => undefined);
  return result.data;
}

export async function readBranchesConfig(path: string): Promise<BranchesConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new ConfigError("not found; main needs branches.json listing teams and team × symbol branches", { file: path });
  }
  return parseBranchesConfig(text, path);
}
