import type { z } from "zod";
import { ConfigError } from "../errors.js";

/** Turns the first zod issue into a ConfigError naming the file, the field, its line when known, and what was expected. */
export function configErrorFromIssues(issues: readonly z.core.$ZodIssue[], file: string, lineOf: (path: PropertyKey[]) => number | undefined): ConfigError {
  const [first, ...rest] = issues;
  if (!first) return new ConfigError("invalid configuration", { file });
  // An unknown key is best pointed at by its own name and line, not its table's.
  const path = (first.code === "unrecognized_keys" && first.keys.length === 1 ? [...first.path, first.keys[0]!] : first.path) as PropertyKey[];
  const field = path.map(String).join(".");
  const message = describeIssue(first);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : "";
  return new ConfigError(`${message}${more}`, { file, line: lineOf(path), field: field || undefined });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}; expected only the keys documented in schemas/ (check the spelling or remove ${issue.keys.length > 1 ? "them" : "it"})`;
    case "invalid_union": {
      const { options } = issue as { options?: unknown[] };
      return options ? `expected one of ${options.map((option) => JSON.stringify(option)).join(", ")}` : "expected one of the documented shapes (see schemas/)";
    }
    default: {
      if (issue.message.endsWith("received undefined")) return `missing; expected ${issue.message.replace(/^.*expected (.*), received undefined$/, "$1")}`;
      // zod's own prefixes ("Too small: expected number to be >0") read badly after a field name.
      const text = issue.message.replace(/^(Invalid input|Invalid option|Too small|Too big|Invalid string|Invalid format): /, "");
      return text.startsWith("expected ") ? text : `expected ${text}`;
    }
  }
}
