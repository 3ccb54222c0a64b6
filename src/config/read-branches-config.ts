import { ConfigError, StockopsError } from "../errors.js";
import { readBoundedText } from "../files/read-bounded.js";
import { parseStrictJson } from "../files/strict-json.js";
import { configErrorFromIssues } from "./zod-issues.js";
import { branchesConfigSchema, type BranchesConfig } from "./branches-config.js";

export const BRANCHES_FILE = "branches.json";

/** Pure: branches.json text → validated config. A key given twice (`"red"` twice under teams) is an error naming its line. */
export function parseBranchesConfig(text: string, file = BRANCHES_FILE): BranchesConfig {
  const raw = parseStrictJson(text, file);
  const result = branchesConfigSchema.safeParse(raw);
  if (!result.success) throw configErrorFromIssues(result.error.issues, file, () => undefined);
  return result.data;
}

export async function readBranchesConfig(path: string): Promise<BranchesConfig> {
  let text: string;
  try {
    text = await readBoundedText(path, "config");
  } catch (error) {
    if (error instanceof StockopsError) throw error;
    throw new ConfigError("not found; main needs branches.json listing teams and team × symbol branches", { file: path });
  }
  return parseBranchesConfig(text, path);
}
