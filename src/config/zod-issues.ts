import type { z } from "zod";
import { ConfigError } from "../errors.js";

/** Turns the first zod issue into a ConfigError naming the file, the field, its line when known, and what was expected. */
export function configErrorFromIssues(issues: readonly z.core.$ZodIssue[], file: string, lineOf: (path: PropertyKey[]) => number | undefined): ConfigError {
  const [first, ...rest] = issues;
  if (!first) return new ConfigError("invalid configuration", { file });
  const field = first.path.map(String).join(".");
  const message = describeIssue(first);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : "";
  return new ConfigError(`${message}${more}`, { file, line: lineOf(first.path as PropertyKey[]), field: field || undefined });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}; remove ${issue.keys.length > 1 ? "them" : "it"} or check the spelling (see schemas/)`;
    case "invalid_union":
      return "expected one of the documented shapes (see schemas/)";
    default:
      return `expected ${issue.message.replace(/^Invalid input: expected /, "")}`;
  }
}
