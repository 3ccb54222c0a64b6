import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/**
 * `.dvcignore` as dvc/ignore.py applies it while DVC walks a tracked folder: its default patterns
 * (`.hg/`, `.git/`, `.git`, `.dvc/`) at the repository root, then every `.dvcignore` from the root down
 * to the folder walked, each relative to its own folder; the last pattern that matches decides, and an
 * ignored folder is not entered. Patterns are gitignore's (pathspec GitWildMatchPattern), lines stripped,
 * `#` lines skipped.
 */
export class DvcIgnore {
  private readonly sets = new Map<string, PatternSet | null>();

  private constructor(private readonly root: string) {
    this.sets.set("\0defaults", { base: "", patterns: [".hg/", ".git/", ".git", ".dvc/"].map(compile).filter(isPattern) });
  }

  /** The rules for paths under `path`: the repository is the nearest folder above it with a `.dvc/` folder. */
  static forPath(path: string): DvcIgnore {
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      if (existsSync(join(dir, ".dvc")) && statSync(join(dir, ".dvc")).isDirectory()) return new DvcIgnore(dir);
      if (dirname(dir) === dir) return new DvcIgnore(dirname(path));
    }
  }

  /** True when `path` (absolute; a folder when `isDir`) is ignored. */
  ignores(path: string, isDir: boolean): boolean {
    const rel = relative(this.root, path).split(sep).join("/");
    if (rel === "" || rel.startsWith("..")) return false;
    let ignored = false;
    for (const set of this.setsAbove(rel)) {
      const inSet = set.base === "" ? rel : rel.startsWith(`${set.base}/`) ? rel.slice(set.base.length + 1) : undefined;
      if (inSet === undefined) continue;
      for (const pattern of set.patterns) {
        if (pattern.regex.test(inSet) || (isDir && pattern.regex.test(`${inSet}/`))) ignored = !pattern.negated;
      }
    }
    return ignored;
  }

  /** Defaults, then the `.dvcignore` of the root and of every folder between it and `rel`'s folder. */
  private setsAbove(rel: string): PatternSet[] {
    const folders = [""];
    const parts = rel.split("/").slice(0, -1);
    for (let index = 1; index <= parts.length; index += 1) folders.push(parts.slice(0, index).join("/"));
    return [this.sets.get("\0defaults")!, ...folders.map((folder) => this.setOf(folder)).filter((set): set is PatternSet => set !== null)];
  }

  private setOf(folder: string): PatternSet | null {
    if (!this.sets.has(folder)) {
      const file = join(this.root, folder, ".dvcignore");
      const text = existsSync(file) ? readFileSync(file, "utf8") : undefined;
      const lines = text === undefined ? [] : text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
      this.sets.set(folder, text === undefined ? null : { base: folder, patterns: lines.map(compile).filter(isPattern) });
    }
    return this.sets.get(folder)!;
  }
}

interface PatternSet {
  base: string;
  patterns: IgnorePattern[];
}

interface IgnorePattern {
  regex: RegExp;
  negated: boolean;
}

function isPattern(pattern: IgnorePattern | undefined): pattern is IgnorePattern {
  return pattern !== undefined;
}

/** pathspec's GitWildMatchPattern.pattern_to_regex. */
export function compile(line: string): IgnorePattern | undefined {
  let pattern = line;
  let negated = false;
  if (pattern.startsWith("!")) {
    negated = true;
    pattern = pattern.slice(1);
  }
  if (pattern.startsWith("\\!") || pattern.startsWith("\\#")) pattern = pattern.slice(1);
  const segments = pattern.split("/");
  if (segments[0] === "") segments.shift();
  else if (segments.length === 1 || (segments.length === 2 && segments[1] === "")) {
    if (segments[0] !== "**") segments.unshift("**");
  }
  if (segments.length === 0 || (segments.length === 1 && segments[0] === "")) return undefined;
  if (segments.length > 1 && segments.at(-1) === "") segments[segments.length - 1] = "**";
  let source = "^";
  let needSlash = false;
  const end = segments.length - 1;
  segments.forEach((segment, index) => {
    if (segment === "**") {
      if (index === 0 && index === end) source += ".+";
      else if (index === 0) {
        source += "(?:.+/)?";
        needSlash = false;
      } else if (index === end) source += "/.*";
      else {
        source += "(?:/.+)?";
        needSlash = true;
      }
    } else {
      if (needSlash) source += "/";
      source += segment === "*" ? "[^/]+" : segmentGlob(segment);
      if (index === end) source += "(?:/.*)?";
      needSlash = true;
    }
  });
  return { regex: new RegExp(`${source}$`), negated };
}

function segmentGlob(segment: string): string {
  let out = "";
  for (let index = 0; index < segment.length; index += 1) {
    const char = segment[index]!;
    if (char === "\\" && index + 1 < segment.length) out += escape(segment[++index]!);
    else if (char === "*") out += "[^/]*";
    else if (char === "?") out += "[^/]";
    else if (char === "[") {
      const close = segment.indexOf("]", index + 2);
      if (close < 0) out += "\\[";
      else {
        let body = segment.slice(index + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        index = close;
      }
    } else out += escape(char);
  }
  return out;
}

function escape(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
