import { ConfigError, type Location, type StockopsError } from "../errors.js";

type ErrorClass = new (message: string, location?: Location, hint?: string) => StockopsError;

/** Nesting deeper than this is refused: no config or artifact nests beyond a handful of levels. */
export const MAX_JSON_DEPTH = 256;

/**
 * JSON.parse, stricter in two ways that matter for files others can change (RFC 8259 §4 leaves duplicate names
 * to the implementation; JSON.parse lets the last one win silently): a repeated key is an error naming the
 * line of both, and errors never quote the input beyond one escaped character. A `__proto__` key is refused
 * (zod's record would drop it silently; elsewhere it could set a prototype).
 */
export function parseStrictJson(text: string, file: string, { error = ConfigError, hint }: { error?: ErrorClass; hint?: string } = {}): unknown {
  return new StrictJsonParser(text, file, error, hint).parseDocument();
}

class StrictJsonParser {
  private index = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly error: ErrorClass,
    private readonly hint: string | undefined,
  ) {}

  parseDocument(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) this.index = 1;
    const value = this.value(0);
    this.whitespace();
    if (this.index < this.text.length) this.fail("expected the end of the document after the top-level value");
    return value;
  }

  private value(depth: number): unknown {
    if (depth > MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels; expected a flatter document`);
    this.whitespace();
    const char = this.text[this.index];
    if (char === "{") return this.object(depth);
    if (char === "[") return this.array(depth);
    if (char === '"') return this.string();
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return this.number();
    for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return value;
      }
    }
    return this.fail(char === undefined ? "unexpected end of the document; expected a value" : "expected a value (object, array, string, number, true, false or null)");
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const lines = new Map<string, number>();
    this.index++;
    this.whitespace();
    if (this.text[this.index] === "}") {
      this.index++;
      return result;
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.index] !== '"') this.fail("expected a key in double quotes");
      const keyLine = this.line;
      const key = this.string();
      const seen = lines.get(key);
      if (seen !== undefined) {
        throw new this.error(`duplicate key ${JSON.stringify(key.slice(0, 40))} (first on line ${seen}); expected each key once in an object (JSON.parse would silently keep the last)`, {
          file: this.file,
          line: keyLine,
        }, this.hint);
      }
      if (key === "__proto__") {
        throw new this.error('key "__proto__" is refused: no stockops file uses it, and in JavaScript it names an object\'s prototype', { file: this.file, line: keyLine }, this.hint);
      }
      lines.set(key, keyLine);
      this.whitespace();
      if (this.text[this.index] !== ":") this.fail("expected ':' after the key");
      this.index++;
      result[key] = this.value(depth + 1);
      this.whitespace();
      const next = this.text[this.index++];
      if (next === "}") return result;
      if (next !== ",") this.fail("expected ',' or '}' in an object", -1);
    }
  }

  private array(depth: number): unknown[] {
    const result: unknown[] = [];
    this.index++;
    this.whitespace();
    if (this.text[this.index] === "]") {
      this.index++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      this.whitespace();
      const next = this.text[this.index++];
      if (next === "]") return result;
      if (next !== ",") this.fail("expected ',' or ']' in an array", -1);
    }
  }

  private string(): string {
    const start = this.index;
    this.index++;
    for (;;) {
      const code = this.text.charCodeAt(this.index);
      if (Number.isNaN(code)) this.fail("unterminated string; expected a closing '\"'");
      if (code === 0x22) break;
      if (code < 0x20) this.fail("control character inside a string; expected it escaped (\\n, \\t, \\u00XX)");
      if (code === 0x5c) {
        const escape = this.text[this.index + 1];
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6))) this.fail("expected 4 hex digits after \\u");
          this.index += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail("unknown escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        this.index += 2;
        continue;
      }
      this.index++;
    }
    this.index++;
    return JSON.parse(this.text.slice(start, this.index)) as string;
  }

  private number(): number {
    const match = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = this.index;
    const found = match.exec(this.text);
    if (!found || found[0] === "-") this.fail("expected a number such as 12, -0.5 or 1e-3");
    const next = this.text[this.index + found![0].length];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail("malformed number (leading zero, or a stray '.', 'e' or sign)");
    this.index += found![0].length;
    return Number(found![0]);
  }

  private whitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.index);
      if (code === 0x0a) {
        this.line++;
        this.lineStart = this.index + 1;
      } else if (code !== 0x20 && code !== 0x09 && code !== 0x0d) return;
      this.index++;
    }
  }

  private fail(message: string, offset = 0): never {
    const at = Math.max(this.lineStart, Math.min(this.index + offset, this.text.length));
    const char = this.text[at];
    const found = char === undefined ? "" : `, found ${JSON.stringify(char)}`;
    throw new this.error(`not valid JSON at column ${at - this.lineStart + 1}${found}: ${message}`, { file: this.file, line: this.line }, this.hint);
  }
}
