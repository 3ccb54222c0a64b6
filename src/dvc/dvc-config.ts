import { readFile } from "node:fs/promises";
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

const SECTION = /^\[\s*(?:'([^']*)'|"([^"]*)"|([^\]]*?))\s*\]$/;

/** DVC's INI dialect (configobj): `[core]`, `['remote "name"']` (or `[remote "name"]`), indented `key = value`. */
export function parseDvcConfig(text: string, file: string, into: DvcConfig = new Map()): DvcConfig {
  let section: Map<string, string> | undefined;
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    const header = SECTION.exec(line);
    if (header) {
      const name = (header[1] ?? header[2] ?? header[3] ?? "").replace(/\s+/g, " ").trim();
      section = into.get(name) ?? new Map();
      into.set(name, section);
      return;
    }
    const equals = line.indexOf("=");
    if (equals < 1 || !section) {
      throw new ConfigError("expected `[section]` or `key = value`", { file, line: index + 1 });
    }
    section.set(line.slice(0, equals).trim(), unquote(withoutInlineComment(line.slice(equals + 1).trim())));
  });
  return into;
}

/** configobj ends an unquoted value at ` #`, so hand-written `url = s3://b  # prod` means `s3://b`. */
function withoutInlineComment(value: string): string {
  return /^['"]/.test(value) ? value : value.replace(/\s+#.*$/, "");
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] as string) : value;
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
  const section = config.get(`remote "${chosen}"`);
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
  const path = url.startsWith("file://") ? url.slice("file://".length) : url;
  return { kind: "local", name: chosen, path: isAbsolute(path) ? path : resolve(repoRoot, ".dvc", path) };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
