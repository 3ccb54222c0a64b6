import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../errors.js";

/** `.dvc/config` merged with `.dvc/config.local`: section name → key → value. */
export type DvcConfig = Map<string, Map<string, string>>;

export type RemoteSpec =
  | { kind: "local"; name: string; path: string }
  | {
      kind: "s3";
      name: string;
      bucket: string;
      prefix: string;
      endpointUrl?: string;
      region?: string;
      accessKeyId?: string;
      secretAccessKey?: string;
    };

/**
 * `.dvc/config` as DVC reads it: configobj's grammar (src/configobj/__init__.py `_parse`: section
 * markers, `key = value`, quoted and triple-quoted values, `#` ending an unquoted value, commas making a
 * list, duplicates refused), then dvc/config.py `load_file`: every key and section name lower-cased.
 * configobj collects its errors and raises the first (`Duplicate keyword name at line 4.`); so does this,
 * as a ConfigError naming the file and line.
 */
export function parseDvcConfig(text: string, file: string, into: DvcConfig = new Map()): DvcConfig {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  const parsed = new Map<string, Map<string, string>>();
  const root = new Map<string, string>();
  const errors: { message: string; line: number }[] = [];
  const fail = (message: string, index: number) => errors.push({ message: `${message} at line ${index + 1}.`, line: index + 1 });
  // What configobj accepts but DVC's loading then refuses; reported only when configobj raised nothing.
  const dvcErrors: { message: string; line: number }[] = [];
  const refuse = (message: string, index: number) => dvcErrors.push({ message, line: index + 1 });
  let section: Map<string, string> | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const marker = SECTION_MARKER.exec(line);
    if (marker) {
      const [, open = "", rawName = "", close = ""] = marker;
      const depth = (open.match(/\[/g) ?? []).length;
      if (depth !== (close.match(/\]/g) ?? []).length) {
        fail("Cannot compute the section depth", index);
        continue;
      }
      if (depth > 1) {
        fail(`Section too nested ('${trimmed}': DVC's config has one level of sections)`, index);
        continue;
      }
      const name = unquote(rawName);
      // as configobj: after a refused marker, keys still go to the section before it
      if (parsed.has(name)) {
        fail("Duplicate section name", index);
        continue;
      }
      section = new Map();
      parsed.set(name, section);
      continue;
    }
    const keyword = KEYWORD.exec(line);
    if (!keyword) {
      fail(`Invalid line (${JSON.stringify(line)}) (matched as neither section nor keyword)`, index);
      continue;
    }
    const [, rawKey = "", rawValue = ""] = keyword;
    let value: string | string[] | undefined;
    if (rawValue.startsWith(`'''`) || rawValue.startsWith(`"""`)) {
      const multiline = readTripleQuoted(rawValue, lines, index);
      if (!multiline) {
        fail("Parse error in multiline value", index);
        continue;
      }
      value = multiline.value;
      index = multiline.lastIndex;
    } else {
      value = valueOf(rawValue);
      if (value === undefined) {
        fail("Parse error in value", index);
        continue;
      }
    }
    const key = unquote(rawKey);
    const target = section ?? root;
    if (target.has(key)) {
      fail("Duplicate keyword name", index);
      continue;
    }
    target.set(key, Array.isArray(value) ? "" : value);
    if (key.startsWith(";")) refuse(`key '${key}': ';' does not start a comment in configobj, and DVC's schema has no such key`, index);
    else if (!section) refuse(`key '${key}' outside a section: DVC's config holds only sections such as [core]`, index);
    else if (Array.isArray(value)) refuse(`the value of '${key}' is a list (${JSON.stringify(value)}): configobj reads commas as list items and DVC expects one value; quote it`, index);
  }
  if (errors.length > 0) {
    const first = errors[0]!;
    const message = errors.length > 1 ? `Parsing failed with several errors. First error at line ${first.line}. (${first.message})` : first.message;
    throw new ConfigError(`${message} (configobj, as DVC reads .dvc/config)`, { file, line: first.line });
  }
  if (dvcErrors.length > 0) throw new ConfigError(`${dvcErrors[0]!.message} (as DVC loads .dvc/config)`, { file, line: dvcErrors[0]!.line });
  for (const [name, entries] of parsed) {
    const lowered = name.toLowerCase();
    const target = into.get(lowered) ?? new Map<string, string>();
    for (const [key, value] of entries) target.set(key.toLowerCase(), value);
    into.set(lowered, target);
  }
  return into;
}

const KEYWORD = /^\s*((?:".*?")|(?:'.*?')|(?:[^'"=].*?))\s*=\s*(.*)$/;
const SECTION_MARKER = /^\s*((?:\[\s*)+)((?:"\s*\S.*?\s*")|(?:'\s*\S.*?\s*')|(?:[^'"\s].*?))((?:\s*\])+)\s*(#.*)?$/;
/** configobj's _valueexp: list items ending in a comma, then the last item or a lone comma, then a comment. */
const VALUE = /^(?:((?:(?:(?:".*?")|(?:'.*?')|(?:[^'",#][^,#]*?))\s*,\s*)*)((?:".*?")|(?:'.*?')|(?:[^'",#\s][^,]*?)|(?:(?<!,)))?|(,))\s*(#.*)?$/;
const LIST_ITEM = /((?:".*?")|(?:'.*?')|(?:[^'",#]?.*?))\s*,\s*/g;

/** configobj's _handle_value: a string, a list (commas), or undefined when it cannot be read. */
function valueOf(raw: string): string | string[] | undefined {
  const match = VALUE.exec(raw);
  if (!match) return undefined;
  const [, listPart, single, emptyList] = match;
  if (emptyList !== undefined) return [];
  // Python's optional group that matched empty is '', JavaScript's is undefined
  let last: string | undefined = single ?? (listPart ? undefined : "");
  if (last !== undefined) last = listPart && !last ? undefined : unquote(last || '""');
  if (!listPart) return last ?? "";
  const items = [...listPart.matchAll(LIST_ITEM)].map((item) => unquote(item[1] ?? ""));
  return last === undefined ? items : [...items, last];
}

const TRIPLE_QUOTED = {
  "'''": { oneLine: /^'''(.*?)'''\s*(#.*)?$/, end: /^(.*?)'''\s*(#.*)?$/ },
  '"""': { oneLine: /^"""(.*?)"""\s*(#.*)?$/, end: /^(.*?)"""\s*(#.*)?$/ },
};

/** configobj's _multiline: a triple-quoted value on one line, or up to the line holding the closing quotes. */
function readTripleQuoted(raw: string, lines: string[], index: number): { value: string; lastIndex: number } | undefined {
  const quote = raw.slice(0, 3) as keyof typeof TRIPLE_QUOTED;
  const patterns = TRIPLE_QUOTED[quote];
  const oneLine = patterns.oneLine.exec(raw);
  if (oneLine) return { value: oneLine[1] ?? "", lastIndex: index };
  let value = raw.slice(3);
  if (value.includes(quote)) return undefined;
  for (let next = index + 1; next < lines.length; next += 1) {
    const line = lines[next]!;
    if (!line.includes(quote)) {
      value += `\n${line}`;
      continue;
    }
    const end = patterns.end.exec(line);
    return end ? { value: `${value}\n${end[1] ?? ""}`, lastIndex: next } : undefined;
  }
  return undefined;
}

function unquote(value: string): string {
  return value.length >= 2 && value[0] === value.at(-1) && (value[0] === '"' || value[0] === "'") ? value.slice(1, -1) : value;
}

export async function readDvcConfig(repoRoot: string): Promise<DvcConfig> {
  const config: DvcConfig = new Map();
  for (const name of ["config", "config.local"]) {
    const file = join(repoRoot, ".dvc", name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    parseDvcConfig(text, file, config);
  }
  return config;
}

/** The remote named `name`, or the `[core] remote` default; local URLs are resolved against `.dvc/`, as DVC does. */
export function resolveRemote(config: DvcConfig, repoRoot: string, name?: string): RemoteSpec {
  const chosen = name ?? config.get("core")?.get("remote");
  const file = join(repoRoot, ".dvc", "config");
  if (!chosen) {
    throw new ConfigError("no remote given and no default remote set (`[core] remote = NAME`)", { file, field: "core.remote" });
  }
  const section = namedSection(config, "remote", chosen);
  const url = section?.get("url");
  if (!section || !url) {
    throw new ConfigError(`remote '${chosen}' is not configured: expected a ['remote "${chosen}"'] section with a url`, { file });
  }
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (s3) {
    return {
      kind: "s3",
      name: chosen,
      bucket: s3[1] as string,
      prefix: (s3[2] as string).replace(/\/+$/, ""),
      ...optional("endpointUrl", section.get("endpointurl")),
      ...optional("region", section.get("region")),
      ...optional("accessKeyId", section.get("access_key_id")),
      ...optional("secretAccessKey", section.get("secret_access_key")),
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith("file://")) {
    throw new ConfigError(`remote '${chosen}' has url '${url}': stockops speaks local folders and s3:// only`, { file, field: `remote "${chosen}".url` });
  }
  const path = url.startsWith("file://") ? url.slice("file://".length) : expandUser(url);
  return { kind: "local", name: chosen, path: isAbsolute(path) ? path : resolve(repoRoot, ".dvc", path) };
}

/** dvc/config.py _parse_named: `remote "name"` (spaces allowed around), on the lower-cased section names. */
function namedSection(config: DvcConfig, kind: string, name: string): Map<string, string> | undefined {
  for (const [section, entries] of config) {
    const match = /^\s*(remote|machine|db)\s*"(.*)"\s*$/.exec(section);
    if (match && match[1] === kind && match[2] === name) return entries;
  }
  return undefined;
}

/** Python's os.path.expanduser for `~` and `~/…` (dvc/config.py _resolve). */
function expandUser(path: string): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  return `${process.env.HOME ?? homedir()}${path.slice(1)}`;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
