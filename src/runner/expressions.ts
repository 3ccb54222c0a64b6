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

type Node =
  | { kind: "literal"; value: ExpressionValue }
  | { kind: "context"; name: string }
  | { kind: "property"; target: Node; name: Node }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "not"; operand: Node }
  | { kind: "binary"; operator: string; left: Node; right: Node };

type Token = { type: "number" | "string" | "identifier" | "operator" | "punct" | "keyword"; text: string; value?: ExpressionValue };

const FUNCTIONS = new Set(["fromjson", "tojson", "format", "contains", "startswith", "endswith", "join", "success", "failure", "always", "cancelled", "hashfiles"]);
const STATUS_FUNCTIONS = new Set(["success", "failure", "always", "cancelled"]);
export const SUPPORTED_CONTEXTS = ["github", "inputs", "matrix", "env", "steps", "needs", "secrets", "vars", "runner", "job", "strategy"];

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluateExpression(source: string, scope: EvaluationScope): ExpressionValue {
  const tree = parseExpression(source, scope.location);
  return evaluate(tree, scope);
}

/**
 * Replaces every `${{ … }}` in `template`. A template that is exactly one expression keeps the
 * value's type (as the runner does for `with:` and `strategy.matrix`), otherwise the result is text.
 */
export function interpolate(template: string, scope: EvaluationScope): ExpressionValue {
  const parts = splitTemplate(template, scope.location);
  if (parts.length === 1 && typeof parts[0] !== "string") return evaluateExpression(parts[0]!.expression, scope);
  return parts.map((part) => (typeof part === "string" ? part : toText(evaluateExpression(part.expression, scope)))).join("");
}

/** `interpolate`, always as text (env values, `run:` scripts, inputs). */
export function interpolateText(template: string, scope: EvaluationScope): string {
  return toText(interpolate(template, scope));
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
  const tree = parseExpression(source, scope.location);
  const value = truthy(evaluate(tree, scope));
  return usesStatusFunction(tree) ? value : value && (scope.status?.succeeded ?? true);
}

/** True when `text` holds at least one `${{ }}`. */
export function hasExpression(text: string): boolean {
  return text.includes("${{");
}

export function truthy(value: ExpressionValue): boolean {
  if (value === null || value === false || value === "" ) return false;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  return true;
}

/** How the runner turns a value into text: null → "", numbers and booleans as written, objects as JSON. */
export function toText(value: ExpressionValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, null, 2);
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

function tokenize(source: string, location: Location): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index);
    const space = /^\s+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    const operator = /^(==|!=|<=|>=|&&|\|\||<|>|!)/.exec(rest);
    if (operator) {
      tokens.push({ type: "operator", text: operator[0] });
      index += operator[0].length;
      continue;
    }
    const punct = /^[()[\],.*]/.exec(rest);
    if (punct) {
      // `.5` is a number, not a property access
      if (!(punct[0] === "." && /^\.\d/.test(rest) && (tokens.length === 0 || tokens.at(-1)!.type === "operator" || tokens.at(-1)!.text === "(" || tokens.at(-1)!.text === ","))) {
        tokens.push({ type: "punct", text: punct[0] });
        index += 1;
        continue;
      }
    }
    if (rest[0] === "'") {
      let value = "";
      let cursor = 1;
      for (;;) {
        if (cursor >= rest.length) throw new ConfigError(`unterminated string in expression '${source.trim()}'`, location);
        if (rest[cursor] === "'") {
          if (rest[cursor + 1] === "'") {
            value += "'";
            cursor += 2;
            continue;
          }
          break;
        }
        value += rest[cursor];
        cursor += 1;
      }
      tokens.push({ type: "string", text: rest.slice(0, cursor + 1), value });
      index += cursor + 1;
      continue;
    }
    const number = /^(0x[0-9a-fA-F]+|-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(rest);
    if (number && (number[0][0] !== "-" || tokens.length === 0 || tokens.at(-1)!.type === "operator" || tokens.at(-1)!.text === "(" || tokens.at(-1)!.text === ",")) {
      tokens.push({ type: "number", text: number[0], value: Number(number[0]) });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (word) {
      const lower = word[0];
      if (lower === "true" || lower === "false" || lower === "null" || lower === "NaN" || lower === "Infinity") {
        const value = lower === "true" ? true : lower === "false" ? false : lower === "null" ? null : lower === "NaN" ? Number.NaN : Number.POSITIVE_INFINITY;
        tokens.push({ type: "keyword", text: lower, value });
      } else {
        tokens.push({ type: "identifier", text: word[0] });
      }
      index += word[0].length;
      continue;
    }
    throw new ConfigError(`unsupported character '${rest[0]}' in expression '${source.trim()}'`, location);
  }
  return tokens;
}

const PRECEDENCE: Record<string, number> = { "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4 };

function parseExpression(source: string, location: Location): Node {
  const tokens = tokenize(source, location);
  let position = 0;
  const fail = (message: string): never => {
    throw new ConfigError(`${message} in expression '${source.trim()}'`, location);
  };
  const peek = () => tokens[position];
  const next = () => tokens[position++] ?? fail("unexpected end");
  const expect = (text: string) => {
    const token = next();
    if (token.text !== text) fail(`expected '${text}' but found '${token.text}'`);
  };

  function parseBinary(minPrecedence: number): Node {
    let left = parseUnary();
    for (;;) {
      const token = peek();
      const precedence = token?.type === "operator" ? PRECEDENCE[token.text] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      position += 1;
      const right = parseBinary(precedence + 1);
      left = { kind: "binary", operator: token!.text, left, right };
    }
  }

  function parseUnary(): Node {
    if (peek()?.text === "!") {
      position += 1;
      return { kind: "not", operand: parseUnary() };
    }
    return parsePostfix(parsePrimary());
  }

  function parsePrimary(): Node {
    const token = next();
    if (token.type === "number" || token.type === "string" || token.type === "keyword") return { kind: "literal", value: token.value ?? null };
    if (token.text === "(") {
      const inner = parseBinary(1);
      expect(")");
      return inner;
    }
    if (token.type !== "identifier") return fail(`unexpected '${token.text}'`);
    if (peek()?.text === "(") {
      const name = token.text.toLowerCase();
      if (!FUNCTIONS.has(name)) fail(`unsupported function '${token.text}' (supported: fromJSON, toJSON, format, contains, startsWith, endsWith, join, success, failure, always, cancelled, hashFiles)`);
      position += 1;
      const args: Node[] = [];
      if (peek()?.text !== ")") {
        for (;;) {
          args.push(parseBinary(1));
          if (peek()?.text === ",") {
            position += 1;
            continue;
          }
          break;
        }
      }
      expect(")");
      return { kind: "call", name, args };
    }
    const context = token.text.toLowerCase();
    if (!SUPPORTED_CONTEXTS.includes(context)) fail(`unknown context '${token.text}' (supported: ${SUPPORTED_CONTEXTS.join(", ")})`);
    return { kind: "context", name: context };
  }

  function parsePostfix(target: Node): Node {
    for (;;) {
      const token = peek();
      if (token?.text === ".") {
        position += 1;
        const name = next();
        if (name.text === "*") fail("object filters ('.*') are not supported by the local runner");
        if (name.type !== "identifier" && name.type !== "keyword") fail(`expected a property name after '.', found '${name.text}'`);
        target = { kind: "property", target, name: { kind: "literal", value: name.text } };
      } else if (token?.text === "[") {
        position += 1;
        if (peek()?.text === "*") fail("object filters ('[*]') are not supported by the local runner");
        const name = parseBinary(1);
        expect("]");
        target = { kind: "property", target, name };
      } else {
        return target;
      }
    }
  }

  const tree = parseBinary(1);
  if (position < tokens.length) fail(`unexpected '${tokens[position]!.text}'`);
  return tree;
}

function usesStatusFunction(node: Node): boolean {
  switch (node.kind) {
    case "call":
      return STATUS_FUNCTIONS.has(node.name) || node.args.some(usesStatusFunction);
    case "not":
      return usesStatusFunction(node.operand);
    case "binary":
      return usesStatusFunction(node.left) || usesStatusFunction(node.right);
    case "property":
      return usesStatusFunction(node.target) || usesStatusFunction(node.name);
    default:
      return false;
  }
}

function evaluate(node: Node, scope: EvaluationScope): ExpressionValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "context":
      return scope.contexts[node.name] ?? null;
    case "property": {
      const target = evaluate(node.target, scope);
      const name = evaluate(node.name, scope);
      return property(target, name);
    }
    case "not":
      return !truthy(evaluate(node.operand, scope));
    case "binary":
      return binary(node, scope);
    case "call":
      return call(node, scope);
  }
}

function property(target: ExpressionValue, name: ExpressionValue): ExpressionValue {
  if (Array.isArray(target)) {
    const index = typeof name === "number" ? name : Number(name);
    return Number.isInteger(index) ? (target[index] ?? null) : null;
  }
  if (target && typeof target === "object") {
    const key = toText(name);
    if (key in target) return target[key] ?? null;
    // Context property names are case-insensitive on GitHub.
    const found = Object.keys(target).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    return found === undefined ? null : (target[found] ?? null);
  }
  return null;
}

function binary(node: Extract<Node, { kind: "binary" }>, scope: EvaluationScope): ExpressionValue {
  if (node.operator === "&&") {
    const left = evaluate(node.left, scope);
    return truthy(left) ? evaluate(node.right, scope) : left;
  }
  if (node.operator === "||") {
    const left = evaluate(node.left, scope);
    return truthy(left) ? left : evaluate(node.right, scope);
  }
  const left = evaluate(node.left, scope);
  const right = evaluate(node.right, scope);
  switch (node.operator) {
    case "==":
      return looselyEqual(left, right);
    case "!=":
      return !looselyEqual(left, right);
    default:
      return compare(node.operator, left, right);
  }
}

/** GitHub's `==`: strings ignore case; different primitive types compare as numbers; objects by identity. */
function looselyEqual(left: ExpressionValue, right: ExpressionValue): boolean {
  if (typeof left === "string" && typeof right === "string") return left.toLowerCase() === right.toLowerCase();
  if (isPrimitive(left) && isPrimitive(right)) {
    if (left === null && right === null) return true;
    return toNumber(left) === toNumber(right);
  }
  return left === right;
}

function compare(operator: string, left: ExpressionValue, right: ExpressionValue): boolean {
  let a: number | string;
  let b: number | string;
  if (typeof left === "string" && typeof right === "string") {
    a = left.toLowerCase();
    b = right.toLowerCase();
  } else {
    a = isPrimitive(left) ? toNumber(left) : Number.NaN;
    b = isPrimitive(right) ? toNumber(right) : Number.NaN;
  }
  switch (operator) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    default:
      return a >= b;
  }
}

function isPrimitive(value: ExpressionValue): value is null | boolean | number | string {
  return value === null || typeof value !== "object";
}

function toNumber(value: null | boolean | number | string): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  const trimmed = value.trim();
  return trimmed === "" ? 0 : Number(trimmed);
}

function call(node: Extract<Node, { kind: "call" }>, scope: EvaluationScope): ExpressionValue {
  const fail = (message: string): never => {
    throw new ConfigError(`${node.name}(): ${message}`, scope.location);
  };
  const args = () => node.args.map((arg) => evaluate(arg, scope));
  const arity = (min: number, max = min) => {
    if (node.args.length < min || node.args.length > max) fail(`expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${node.args.length}`);
  };
  switch (node.name) {
    case "success":
      arity(0);
      return (scope.status?.succeeded ?? true) && !scope.status?.cancelled;
    case "failure":
      arity(0);
      return !(scope.status?.succeeded ?? true);
    case "always":
      arity(0);
      return true;
    case "cancelled":
      arity(0);
      return scope.status?.cancelled ?? false;
    case "fromjson": {
      arity(1);
      const [text] = args();
      try {
        return JSON.parse(toText(text!)) as ExpressionValue;
      } catch (error) {
        return fail(`not JSON: '${toText(text!).slice(0, 80)}' (${(error as Error).message})`);
      }
    }
    case "tojson":
      arity(1);
      return JSON.stringify(args()[0], null, 2);
    case "format": {
      if (node.args.length < 1) fail("expected a format string");
      const [template, ...values] = args();
      return toText(template!).replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index: string | undefined) => {
        if (match === "{{") return "{";
        if (match === "}}") return "}";
        const value = values[Number(index)];
        if (value === undefined) fail(`no argument for {${index}}`);
        return toText(value!);
      });
    }
    case "contains": {
      arity(2);
      const [haystack, needle] = args();
      if (Array.isArray(haystack)) return haystack.some((item) => looselyEqual(item, needle!));
      return toText(haystack!).toLowerCase().includes(toText(needle!).toLowerCase());
    }
    case "startswith": {
      arity(2);
      const [text, prefix] = args();
      return toText(text!).toLowerCase().startsWith(toText(prefix!).toLowerCase());
    }
    case "endswith": {
      arity(2);
      const [text, suffix] = args();
      return toText(text!).toLowerCase().endsWith(toText(suffix!).toLowerCase());
    }
    case "join": {
      arity(1, 2);
      const [list, separator] = args();
      const glue = separator === undefined ? "," : toText(separator);
      return Array.isArray(list) ? list.map(toText).join(glue) : toText(list!);
    }
    case "hashfiles": {
      if (!scope.hashFiles) return fail("hashFiles is only available inside steps");
      return scope.hashFiles(args().map(toText));
    }
    default:
      return fail("unsupported function");
  }
}
