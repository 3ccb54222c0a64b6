import { data, Evaluator, ExpressionError, Lexer, Parser, type Expr } from "@actions/expressions";
import { FunctionCall } from "@actions/expressions/ast";
import type { FunctionDefinition } from "@actions/expressions/funcs/info";
import { ConfigError, type Location } from "../errors.js";

/** A value an expression can produce; objects and arrays come from contexts and fromJSON. */
export type ExpressionValue = null | boolean | number | string | ExpressionValue[] | { [key: string]: ExpressionValue };

/** The contexts one evaluation may read, by name (`github`, `inputs`, `matrix`, `steps`, …). */
export type ExpressionContexts = Record<string, ExpressionValue>;

/** Job status as seen by `success()`, `failure()`, `always()` and `cancelled()`. */
export interface StatusFunctions {
  /** True when nothing before this point failed. */
  succeeded: boolean;
  cancelled?: boolean;
}

export interface EvaluationScope {
  contexts: ExpressionContexts;
  status?: StatusFunctions;
  /** hashFiles(); absent where the real runner has no workspace either (job `if:`, matrix). */
  hashFiles?: (patterns: string[]) => string;
  /** Where the expression was written, for error messages. */
  location: Location;
}

const STATUS_FUNCTIONS = ["success", "failure", "always", "cancelled"];
/** Context names the parser accepts even where this evaluation does not provide them (they read as null). */
export const SUPPORTED_CONTEXTS = ["github", "inputs", "matrix", "env", "steps", "needs", "secrets", "vars", "runner", "job", "jobs", "strategy"];

/** Evaluates one expression (the text between `${{` and `}}`) with GitHub's own evaluator. */
export function evaluateExpression(source: string, scope: EvaluationScope): ExpressionValue {
  return fromData(evaluateData(parse(source, scope), source, scope));
}

/**
 * Replaces every `${{ … }}` in `template`. A template that is exactly one expression keeps the
 * value's type (as the runner does for `with:` and `strategy.matrix`); otherwise the runner rewrites
 * the template into `format()`, so each value is coerced to text as `format` does (objects `Object`).
 */
export function interpolate(template: string, scope: EvaluationScope): ExpressionValue {
  const parts = splitTemplate(template, scope.location);
  if (parts.length === 1 && typeof parts[0] !== "string") return evaluateExpression(parts[0]!.expression, scope);
  return parts.map((part) => (typeof part === "string" ? part : evaluateData(parse(part.expression, scope), part.expression, scope).coerceString())).join("");
}

/** `interpolate` where GitHub expects a string (env values, `run:` scripts, names): an object or array is an error there. */
export function interpolateText(template: string, scope: EvaluationScope): string {
  const value = interpolate(template, scope);
  if (value !== null && typeof value === "object") {
    throw new ConfigError(`expected a string, but '${template.trim().slice(0, 80)}' gives ${Array.isArray(value) ? "an array" : "an object"} (GitHub: "Expected a string"; wrap it in toJSON())`, scope.location);
  }
  return toText(value);
}

/**
 * An `if:` condition. Written with or without `${{ }}`; without a status function it means
 * `success() && (condition)`, as on GitHub.
 */
export function evaluateCondition(condition: string | boolean | number | undefined, scope: EvaluationScope): boolean {
  if (condition === undefined) return scope.status?.succeeded ?? true;
  if (typeof condition !== "string") return truthy(condition) && (scope.status?.succeeded ?? true);
  const trimmed = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  const source = whole && !whole[1]!.includes("}}") ? whole[1]! : trimmed;
  if (source.includes("${{")) return truthy(interpolate(source, scope)) && (scope.status?.succeeded ?? true);
  const tree = parse(source, scope);
  const value = truthy(fromData(evaluateData(tree, source, scope)));
  return usesStatusFunction(tree) ? value : value && (scope.status?.succeeded ?? true);
}

/** True when `text` holds at least one `${{ }}`. */
export function hasExpression(text: string): boolean {
  return text.includes("${{");
}

/** GitHub's truthiness: false, 0, -0, NaN, '' and null are false. */
export function truthy(value: ExpressionValue): boolean {
  if (value === null || value === false || value === "") return false;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  return true;
}

/**
 * Text of a value handed to a program (action inputs): primitives as GitHub coerces them (null → "",
 * numbers to 15 significant digits); objects and arrays as JSON, which GitHub would refuse, so a local
 * action still gets something readable.
 */
export function toText(value: ExpressionValue): string {
  if (value === null) return "";
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return toData(value).coerceString();
}

function parse(source: string, scope: EvaluationScope): Expr {
  const names = [...new Set([...SUPPORTED_CONTEXTS, ...Object.keys(scope.contexts).map((name) => name.toLowerCase())])];
  try {
    const { tokens } = new Lexer(source).lex();
    return new Parser(tokens, names, extensionInfo(scope)).parse();
  } catch (error) {
    throw expressionError(error, source, scope.location);
  }
}

function evaluateData(tree: Expr | undefined, source: string, scope: EvaluationScope): data.ExpressionData {
  if (tree === undefined) return new data.Null();
  const contexts = new data.Dictionary(...Object.entries(scope.contexts).map(([key, value]) => ({ key, value: toData(value) })));
  // The evaluator reads an absent context as undefined and fails on it; GitHub's runner reads null.
  for (const name of SUPPORTED_CONTEXTS) if (contexts.get(name) === undefined) contexts.add(name, new data.Null());
  try {
    return new Evaluator(tree, contexts, extensionFunctions(scope)).evaluate();
  } catch (error) {
    throw expressionError(error, source, scope.location);
  }
}

function expressionError(error: unknown, source: string, location: Location): ConfigError {
  if (error instanceof ConfigError) return error;
  const message = (error as Error).message;
  const position = error instanceof ExpressionError && error.pos !== undefined ? `position ${error.pos.column + 1}` : "";
  return new ConfigError(`${message}. Located ${position ? `at ${position} ` : ""}within expression: ${source}`, location);
}

function extensionInfo(scope: EvaluationScope): { name: string; minArgs: number; maxArgs: number }[] {
  const status = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  return scope.hashFiles ? [...status, { name: "hashFiles", minArgs: 1, maxArgs: 255 }] : status;
}

function extensionFunctions(scope: EvaluationScope): Map<string, FunctionDefinition> {
  const succeeded = scope.status?.succeeded ?? true;
  const cancelled = scope.status?.cancelled ?? false;
  const constant = (name: string, value: boolean): [string, FunctionDefinition] => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) }];
  const functions = new Map<string, FunctionDefinition>([constant("success", succeeded && !cancelled), constant("failure", !succeeded), constant("always", true), constant("cancelled", cancelled)]);
  const hash = scope.hashFiles;
  if (hash) functions.set("hashfiles", { name: "hashFiles", minArgs: 1, maxArgs: 255, call: (...args) => new data.StringData(hash(args.map((arg) => arg.coerceString()))) });
  return functions;
}

function usesStatusFunction(node: unknown): boolean {
  if (node instanceof FunctionCall && STATUS_FUNCTIONS.includes(node.functionName.lexeme.toLowerCase())) return true;
  if (node === null || typeof node !== "object") return false;
  return Object.values(node).some((child) => (Array.isArray(child) ? child.some(usesStatusFunction) : child instanceof Object && "accept" in child && usesStatusFunction(child)));
}

/** Plain value → the evaluator's data (dictionaries are case-insensitive, as contexts are on GitHub). */
export function toData(value: ExpressionValue | undefined): data.ExpressionData {
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === "boolean") return new data.BooleanData(value);
  if (typeof value === "number") return new data.NumberData(value);
  if (typeof value === "string") return new data.StringData(value);
  if (Array.isArray(value)) return new data.Array(...value.map(toData));
  return new data.Dictionary(...Object.entries(value).map(([key, item]) => ({ key, value: toData(item) })));
}

/** The evaluator's data → plain value. */
export function fromData(value: data.ExpressionData): ExpressionValue {
  if (value instanceof data.Array) return value.values().map(fromData);
  if (value instanceof data.Dictionary) return Object.fromEntries(value.pairs().map((pair) => [pair.key, fromData(pair.value)]));
  if (value instanceof data.Null) return null;
  return value.value;
}

function splitTemplate(template: string, location: Location): (string | { expression: string })[] {
  const parts: (string | { expression: string })[] = [];
  let rest = template;
  for (;;) {
    const start = rest.indexOf("${{");
    if (start < 0) break;
    const end = findClose(rest, start + 3);
    if (end < 0) throw new ConfigError(`unclosed '\${{' in '${template.trim().slice(0, 80)}'`, location);
    if (start > 0) parts.push(rest.slice(0, start));
    parts.push({ expression: rest.slice(start + 3, end) });
    rest = rest.slice(end + 2);
  }
  if (rest || parts.length === 0) parts.push(rest);
  return parts;
}

/** Index of the `}}` closing an expression, skipping `}}` inside single-quoted strings. */
function findClose(text: string, from: number): number {
  let inString = false;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === "'") {
      if (inString && text[index + 1] === "'") index += 1;
      else inString = !inString;
    } else if (!inString && char === "}" && text[index + 1] === "}") return index;
  }
  return -1;
}
