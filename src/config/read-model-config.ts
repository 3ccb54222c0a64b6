import TOML from "@iarna/toml";
import { ConfigError, StockopsError } from "../errors.js";
import { readBoundedText } from "../files/read-bounded.js";
import { configErrorFromIssues } from "./zod-issues.js";
import { isRealIsoDate, modelConfigSchema, type ModelConfig } from "./model-config.js";

export const MODEL_CONFIG_FILE = "stockops.toml";

/** Pure: TOML text → validated config, or a ConfigError naming the field and its line. */
export function parseModelConfig(text: string, file = MODEL_CONFIG_FILE): ModelConfig {
  let raw: unknown;
  checkTomlDates(text, file);
  try {
    raw = TOML.parse(text);
  } catch (error) {
    const { line, message } = error as { line?: number; message: string };
    const firstLine = message.split("\n")[0]!.replace(/ at row \d+, col (\d+), pos \d+:?$/, " (column $1)");
    throw new ConfigError(`not valid TOML: ${firstLine}`, { file, line: line === undefined ? undefined : line + 1 });
  }
  const result = modelConfigSchema.safeParse(raw);
  if (!result.success) throw configErrorFromIssues(result.error.issues, file, (path) => lineOfTomlKey(text, path));
  return result.data;
}

export async function readModelConfig(path: string): Promise<ModelConfig> {
  let text: string;
  try {
    text = await readBoundedText(path, "config");
  } catch (error) {
    if (error instanceof StockopsError) throw error;
    throw new ConfigError(`not found; expected ${MODEL_CONFIG_FILE} at the root of a model branch (run 'stockops init' to write one)`, { file: path });
  }
  return parseModelConfig(text, path);
}

/** @iarna/toml turns the date literal 2024-02-30 into March 1st; catch impossible dates before it does. */
function checkTomlDates(text: string, file: string): void {
  let table = "";
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) table = header[1]!.trim();
    const literal = /^\s*"?([\w-]+)"?\s*=\s*(\d{4}-\d{2}-\d{2})(?!\d)/.exec(line);
    if (literal && !isRealIsoDate(literal[2]!)) {
      const field = table ? `${table}.${literal[1]}` : literal[1];
      throw new ConfigError(`expected a real calendar date YYYY-MM-DD, got ${literal[2]}`, { file, line: index + 1, field });
    }
  }
}

/** Best effort: the line where `key` (the last path element) is set inside its [table]. */
function lineOfTomlKey(text: string, path: PropertyKey[]): number | undefined {
  const keys = path.filter((part): part is string => typeof part === "string");
  const key = keys.at(-1);
  if (!key) return undefined;
  const table = keys.slice(0, -1).join(".");
  let currentTable = "";
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) currentTable = header[1]!.trim();
    else if (currentTable === table && new RegExp(`^\\s*"?${escapeRegExp(key)}"?\\s*=`).test(line)) return index + 1;
  }
  const tableHeader = lines.findIndex((line) => line.trim() === `[${keys.join(".")}]`);
  return tableHeader >= 0 ? tableHeader + 1 : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
