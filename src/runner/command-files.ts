import { readFile, writeFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";

/**
 * Reads a `GITHUB_OUTPUT` / `GITHUB_ENV` file: `name=value` lines and `name<<DELIMITER` blocks,
 * the two forms the runner and `@actions/core` write.
 */
export function parseCommandFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const equals = line.indexOf("=");
    if (heredoc && (equals < 0 || line.indexOf("<<") < equals)) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      index += 1;
      while (index < lines.length && lines[index] !== delimiter) body.push(lines[index++]!);
      if (index >= lines.length) throw new ConfigError(`'${name}<<${delimiter}' is never closed by a '${delimiter}' line`, { file, line: index });
      values[name!] = body.join("\n");
      continue;
    }
    if (equals <= 0) throw new ConfigError(`expected 'name=value' or 'name<<DELIMITER', got '${line.slice(0, 60)}'`, { file, line: index + 1 });
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

/** Reads and empties a command file, so the next step starts with a fresh one as on GitHub. */
export async function takeCommandFile(path: string): Promise<Record<string, string>> {
  const text = await readFile(path, "utf8").catch(() => "");
  await writeFile(path, "");
  return parseCommandFile(text, path);
}

/** `GITHUB_PATH`: one folder per line. */
export async function takePathFile(path: string): Promise<string[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  await writeFile(path, "");
  return text.split(/\r?\n/).filter((line) => line.trim() !== "");
}
