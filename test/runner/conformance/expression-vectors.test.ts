import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { evaluateExpression, type ExpressionValue } from "../../../src/runner/expressions.js";

/**
 * GitHub's cross-language expression vectors (actions/languageservices, expressions/testdata/*.json;
 * the commit is in the table's `about`), run through the local runner's own evaluation path.
 * Deliberate differences are listed in docs/local-runner.md and below, each with its reason.
 */
type Expected = { kind: string; value: ExpressionValue } | { error: "lexing" | "parsing" | "evaluation"; message: string };
type Row = [name: string, expression: string, contexts: Record<string, ExpressionValue> | null, expected: Expected, skip?: string];
const table = JSON.parse(readFileSync(new URL("./expression-vectors.json", import.meta.url), "utf8")) as { about: { total: number }; groups: Record<string, Row[]> };

/** Vectors GitHub itself marks as not holding for its TypeScript evaluator (the Go/C# ones disagree there). */
const SKIPPED_BY_GITHUB = "skip-typescript";
/**
 * Deliberate differences, by `group/expression`: the local runner knows the contexts of a workflow
 * (github, env, …) even where a vector provides none, so a vector that expects "Unrecognized
 * named-value" for one of them reads null here instead.
 */
const DELIBERATE = new Map<string, string>();

function kindOf(value: ExpressionValue): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return "Object";
  return { boolean: "Boolean", number: "Number", string: "String" }[typeof value as "boolean" | "number" | "string"];
}

function outcome(row: Row): string | undefined {
  const [, expression, contexts, expected] = row;
  let value: ExpressionValue;
  try {
    value = evaluateExpression(expression, { contexts: contexts ?? {}, location: { file: "vector" } });
  } catch (error) {
    if (!(error instanceof ConfigError)) return `threw ${String(error)}`;
    if (!("error" in expected)) return `error ${error.message}`;
    return error.message.includes(expected.message) ? undefined : `message ${error.message} ≠ ${expected.message}`;
  }
  if ("error" in expected) return `no ${expected.error} error, got ${JSON.stringify(value)}`;
  if (kindOf(value) !== expected.kind) return `kind ${kindOf(value)} ≠ ${expected.kind}`;
  return JSON.stringify(value) === JSON.stringify(expected.value) ? undefined : `value ${JSON.stringify(value)} ≠ ${JSON.stringify(expected.value)}`;
}

describe("GitHub expression vectors through the runner's evaluator", () => {
  const failures: string[] = [];
  let passed = 0;
  let deliberate = 0;
  let skipped = 0;
  for (const [group, rows] of Object.entries(table.groups)) {
    for (const row of rows) {
      if (row[4] === SKIPPED_BY_GITHUB) {
        skipped += 1;
        continue;
      }
      const problem = outcome(row);
      if (problem === undefined) passed += 1;
      else if (DELIBERATE.has(`${group}/${row[1]}`)) deliberate += 1;
      else failures.push(`${group}: ${row[0]} (${row[1]}): ${problem}`);
    }
  }
  const counted = table.about.total - skipped;
  it(`at least 99 % of the ${counted} vectors pass; every other one is a listed deliberate difference`, () => {
    console.log(`expression vectors: ${table.about.total} cases (${skipped} marked by GitHub as not for TypeScript), ${passed} passed, ${deliberate} deliberate differences`);
    expect(failures).toEqual([]);
    expect(passed / counted).toBeGreaterThanOrEqual(0.99);
  });
});
