/**
 * GitHub's filter pattern syntax for branches, tags and paths: `*` stays inside one path segment,
 * `**` crosses `/`, `?` and `+` quantify the previous character, `[...]` is a class, and a leading
 * `!` excludes again what earlier patterns included (the last matching pattern decides).
 */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === "*") {
      if (pattern[index + 1] === "*") {
        index += 1;
        if (pattern[index + 1] === "/") {
          index += 1;
          source += "(?:.*/)?";
        } else {
          source += ".*";
        }
      } else {
        source += "[^/]*";
      }
    } else if (char === "?" || char === "+") {
      source += char;
    } else if (char === "[") {
      const close = pattern.indexOf("]", index + 1);
      if (close < 0) source += "\\[";
      else {
        source += `[${pattern.slice(index + 1, close).replace(/\\/g, "\\\\")}]`;
        index = close;
      }
    } else if (char === "\\" && index + 1 < pattern.length) {
      index += 1;
      source += escapeRegExp(pattern[index]!);
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`);
}

/** True when the last pattern in `patterns` that matches `value` is not negated. */
export function matchesPatterns(value: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(value)) included = !negated;
  }
  return included;
}

/** True when any value is matched. */
export function anyMatches(values: readonly string[], patterns: readonly string[]): boolean {
  return values.some((value) => matchesPatterns(value, patterns));
}

function escapeRegExp(char: string): string {
  return /[.^$|(){}\\]/.test(char) ? `\\${char}` : char;
}
