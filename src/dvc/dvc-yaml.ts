import { isMap, isScalar, isSeq, parseDocument } from "yaml";

/**
 * The YAML DVC writes: ruamel.yaml's round-trip dumper as dvc/utils/serialize/_yaml.py configures it
 * (block style, width 80, sequences at the key's column, YAML 1.2 resolver with ruamel's timestamp and
 * underscore ints), with the comments of a file DVC re-read kept. Scalar style and folding follow
 * ruamel's emitter (analyze_scalar, choose_scalar_style, write_plain / _single_quoted / _double_quoted).
 */

export type YamlScalar = string | number | boolean | null;

/** A round-trip tree: values with the comments that sat before them and at the end of their line. */
export type RtNode = RtMap | RtSeq | { kind: "scalar"; value: YamlScalar };
export interface RtEntry<K> {
  key: K;
  value: RtNode;
  /** Whole comment lines before the entry, each without the leading `#`. */
  before?: string[];
  /** A comment at the end of the entry's (last scalar) line, without the `#`. */
  trailing?: string;
}
export interface RtMap {
  kind: "map";
  entries: RtEntry<string>[];
}
export interface RtSeq {
  kind: "seq";
  items: RtEntry<number>[];
}

export type Plain = YamlScalar | Plain[] | { [key: string]: Plain };

export function toRt(value: Plain): RtNode {
  if (Array.isArray(value)) return { kind: "seq", items: value.map((item, key) => ({ key, value: toRt(item) })) };
  if (value !== null && typeof value === "object") return { kind: "map", entries: Object.entries(value).map(([key, item]) => ({ key, value: toRt(item) })) };
  return { kind: "scalar", value };
}

/**
 * dvc/utils/collections.py apply_diff: updates `dest` (what the file said) to `src` (what DVC would
 * write), keeping the order, comments and keys' places of `dest`; new keys go last; keys `src` lacks go.
 */
export function applyDiff(src: Plain, dest: RtNode): RtNode {
  if (Array.isArray(src)) {
    if (dest.kind !== "seq" || dest.items.length !== src.length) return toRt(src);
    dest.items.forEach((item, index) => (item.value = updated(src[index]!, item.value)));
    return dest;
  }
  if (src === null || typeof src !== "object" || dest.kind !== "map") return toRt(src);
  for (const [key, value] of Object.entries(src)) {
    const entry = dest.entries.find((candidate) => candidate.key === key);
    if (entry) entry.value = updated(value, entry.value);
    else dest.entries.push({ key, value: toRt(value) });
  }
  dest.entries = dest.entries.filter((entry) => Object.hasOwn(src, entry.key));
  return dest;
}

function updated(src: Plain, dest: RtNode): RtNode {
  const sameContainer = (Array.isArray(src) && dest.kind === "seq") || (src !== null && typeof src === "object" && !Array.isArray(src) && dest.kind === "map");
  if (sameContainer) return applyDiff(src, dest);
  if (dest.kind === "scalar" && dest.value === src && typeof dest.value === typeof src) return dest;
  return toRt(src);
}

const BEST_WIDTH = 80;

/** Emits a block mapping document as ruamel does (`header` are the comment lines before it). */
export function dumpRt(root: RtMap, header: string[] = [], footer: string[] = []): string {
  const emitter = new Emitter();
  for (const line of header) emitter.raw(line === "" ? "\n" : `#${line}\n`);
  emitter.mapping(root, 0, false);
  for (const line of footer) emitter.raw(line === "" ? "\n" : `#${line}\n`);
  return emitter.text;
}

class Emitter {
  text = "";
  column = 0;
  /** ruamel's `whitespace`: the last thing written was a space or a line break. */
  whitespace = true;

  raw(data: string): void {
    if (data === "") return;
    this.text += data;
    const lastBreak = Math.max(...[..."\n\x85\u2028\u2029"].map((lineBreak) => data.lastIndexOf(lineBreak)));
    // columns count code points, as Python's str does
    this.column = lastBreak < 0 ? this.column + [...data].length : [...data.slice(lastBreak + 1)].length;
    this.whitespace = data.endsWith(" ") || data.endsWith("\n");
  }

  /** A block mapping whose keys start at `indent`; `inSeqItem`: the first key follows `- ` on the same line. */
  mapping(node: RtMap, indent: number, inSeqItem: boolean): void {
    node.entries.forEach((entry, index) => {
      this.comments(entry.before, indent);
      if (!(inSeqItem && index === 0)) this.raw(" ".repeat(indent));
      this.scalar(entry.key, indent + 2, false);
      this.raw(":");
      this.value(entry, indent);
    });
  }

  sequence(node: RtSeq, indent: number): void {
    for (const item of node.items) {
      this.comments(item.before, indent);
      this.raw(`${" ".repeat(indent)}-`);
      if (item.value.kind === "map" && item.value.entries.length > 0) {
        this.raw(" ");
        this.comments(item.value.entries[0]!.before, indent + 2);
        this.mapping({ kind: "map", entries: [{ ...item.value.entries[0]!, before: undefined }, ...item.value.entries.slice(1)] }, indent + 2, true);
      } else if (item.value.kind === "seq" && item.value.items.length > 0) {
        this.raw("\n");
        this.sequence(item.value, indent + 2);
      } else {
        this.flowOrScalar(item.value, indent + 2);
        this.endLine(item.trailing);
      }
    }
  }

  /** The value of a mapping entry: nested blocks on the next lines (sequences at the key's column). */
  private value(entry: RtEntry<string>, indent: number): void {
    const { value } = entry;
    if (value.kind === "map" && value.entries.length > 0) {
      this.endLine(entry.trailing);
      this.mapping(value, indent + 2, false);
    } else if (value.kind === "seq" && value.items.length > 0) {
      this.endLine(entry.trailing);
      this.sequence(value, indent);
    } else {
      this.flowOrScalar(value, indent + 2);
      this.endLine(entry.trailing);
    }
  }

  private flowOrScalar(value: RtNode, scalarIndent: number): void {
    if (value.kind === "map") this.raw(" {}");
    else if (value.kind === "seq") this.raw(" []");
    else this.scalar(value.value, scalarIndent, true);
  }

  private endLine(trailing: string | undefined): void {
    this.raw(trailing === undefined ? "\n" : ` #${trailing}\n`);
  }

  private comments(lines: string[] | undefined, indent: number): void {
    for (const line of lines ?? []) this.raw(line === "" ? "\n" : `${" ".repeat(indent)}#${line}\n`);
  }

  /** One scalar after `key:` or `- ` (or as a key), folded at width 80 with continuation lines at `indent`. */
  scalar(value: YamlScalar, indent: number, split: boolean): void {
    if (value === null) return;
    if (typeof value === "boolean" || typeof value === "number") {
      this.raw(`${this.whitespace ? "" : " "}${typeof value === "boolean" ? String(value) : pythonNumber(value)}`);
      return;
    }
    const writer = new ScalarWriter(this, indent, split);
    const style = chooseStyle(value, !split);
    if (style === "plain") writer.plain(value);
    else if (style === "single") writer.singleQuoted(value);
    else writer.doubleQuoted(value);
  }
}

function pythonNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

const SPACE_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029";
const LINE_BREAKS = "\n\x85\u2028\u2029";

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
  allowDoubleQuoted: boolean;
}

/** ruamel's Emitter.analyze_scalar (block context, allow_unicode). */
function analyze(scalar: string): Analysis {
  if (scalar === "") return { empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true, allowDoubleQuoted: true };
  let blockIndicators = scalar.startsWith("---") || scalar.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  const chars = [...scalar];
  let followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.includes(chars[1]!);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < chars.length; index += 1) {
    const ch = chars[index]!;
    if (index === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      if ("?:".includes(ch) && followedByWhitespace) blockIndicators = true;
      if (ch === "-" && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ":" && followedByWhitespace) blockIndicators = true;
      if (ch === "#" && precededByWhitespace) blockIndicators = true;
    }
    if (LINE_BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === "\n" || (ch >= "\x20" && ch <= "\x7E"))) {
      const printable = (ch === "\x85" || (ch >= "\xA0" && ch <= "\uD7FF") || (ch >= "\uE000" && ch <= "\uFFFD") || ch.codePointAt(0)! >= 0x10000) && ch !== "\uFEFF";
      if (!printable) special = true;
    }
    if (ch === " ") {
      if (index === 0) leadingSpace = true;
      if (index === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (LINE_BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = SPACE_OR_BREAK.includes(ch);
    followedByWhitespace = index + 2 >= chars.length || SPACE_OR_BREAK.includes(chars[index + 2]!);
  }
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowBlockPlain = false;
  if (breakSpace) allowBlockPlain = allowSingleQuoted = false;
  if (special || spaceBreak) allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks || blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowBlockPlain, allowSingleQuoted, allowDoubleQuoted: true };
}

/** ruamel's choose_scalar_style for a str with no requested style, plus its resolver's say on plain text. */
function chooseStyle(value: string, simpleKey: boolean): "plain" | "single" | "double" {
  const analysis = analyze(value);
  if (resolvesAsString(value) && !(simpleKey && (analysis.empty || analysis.multiline)) && analysis.allowBlockPlain) return "plain";
  if (value.includes("'") || value.includes("\n")) return "double";
  if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline)) return "single";
  return "double";
}

/** ruamel's VersionedResolver for YAML 1.2 (its default): would this text, written plain, read back as a str? */
function resolvesAsString(value: string): boolean {
  return !IMPLICIT_NON_STRINGS.some((pattern) => pattern.test(value));
}

const IMPLICIT_NON_STRINGS = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

const ESCAPES: Record<string, string> = { "\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0A": "n", "\x0B": "v", "\x0C": "f", "\x0D": "r", "\x1B": "e", '"': '"', "\\": "\\", "\x85": "N", "\xA0": "_", "\u2028": "L", "\u2029": "P" };

/** ruamel's write_plain / write_single_quoted / write_double_quoted for single- and multi-line text. */
class ScalarWriter {
  constructor(
    private readonly out: Emitter,
    private readonly indent: number,
    private readonly split: boolean,
  ) {}

  private write(data: string): void {
    this.out.raw(data);
  }

  /** ruamel's write_indent: a line break unless already at the indent, then spaces to it. */
  private writeIndent(): void {
    if (this.out.column >= this.indent) this.write("\n");
    if (this.out.column < this.indent) this.write(" ".repeat(this.indent - this.out.column));
  }

  plain(source: string): void {
    if (source === "") return;
    const text = [...source];
    if (!this.out.whitespace) this.write(" ");
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end += 1) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.out.column >= BEST_WIDTH && this.split) this.writeIndent();
          else this.write(text.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !LINE_BREAKS.includes(ch)) {
          if (text[start] === "\n") this.write("\n");
          this.write(text.slice(start, end).join(""));
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ` ${LINE_BREAKS}`.includes(ch)) {
        const data = text.slice(start, end).join("");
        if (data.length + this.out.column > BEST_WIDTH && this.out.column > this.indent) this.writeIndent();
        this.write(data);
        start = end;
      }
      if (ch !== undefined) {
        spaces = ch === " ";
        breaks = LINE_BREAKS.includes(ch);
      }
    }
  }

  singleQuoted(source: string): void {
    const text = [...source];
    this.write(this.out.whitespace ? "'" : " '");
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end += 1) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch === undefined || ch !== " ") {
          if (start + 1 === end && this.out.column > BEST_WIDTH && this.split && start !== 0 && end !== text.length) this.writeIndent();
          else this.write(text.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !LINE_BREAKS.includes(ch)) {
          if (text[start] === "\n") this.write("\n");
          this.write(text.slice(start, end).join(""));
          this.writeIndent();
          start = end;
        }
      } else if ((ch === undefined || ` ${LINE_BREAKS}'`.includes(ch)) && start < end) {
        this.write(text.slice(start, end).join(""));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === " ";
        breaks = LINE_BREAKS.includes(ch);
      }
    }
    this.write("'");
  }

  doubleQuoted(source: string): void {
    const text = [...source];
    this.write(this.out.whitespace ? '"' : ' "');
    let start = 0;
    for (let end = 0; end <= text.length; end += 1) {
      const ch = end < text.length ? text[end] : undefined;
      if (ch === undefined || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !printableInDouble(ch)) {
        if (start < end) {
          this.write(text.slice(start, end).join(""));
          start = end;
        }
        if (ch !== undefined) {
          const code = ch.codePointAt(0)!;
          this.write(ESCAPES[ch] !== undefined ? `\\${ESCAPES[ch]}` : code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
          start = end + 1;
        }
      }
      if (end > 0 && end < text.length - 1 && (ch === " " || start >= end) && this.out.column + (end - start) > BEST_WIDTH && this.split) {
        const needBackslash = needsBackslash(text, start, end);
        this.write(text.slice(start, end).join("") + (needBackslash ? "\\" : ""));
        if (start < end) start = end;
        this.writeIndent();
        this.out.whitespace = false;
        if (text[start] === " ") {
          if (!needBackslash) start += 1;
          if (needBackslash) this.write("\\");
        }
      }
    }
    this.write('"');
  }
}

function printableInDouble(ch: string): boolean {
  return (ch >= "\x20" && ch <= "\x7E") || (ch >= "\xA0" && ch <= "\uD7FF") || (ch >= "\uE000" && ch <= "\uFFFD") || ch.codePointAt(0)! >= 0x10000;
}

function needsBackslash(text: string[], start: number, end: number): boolean {
  let spacePos = text.indexOf(" ", end);
  if (spacePos < 0) return true;
  const breakPos = text.indexOf("\n", end);
  if (breakPos >= 0 && breakPos < spacePos) spacePos = breakPos;
  if (text[spacePos] === "\n" && text[spacePos + 1] !== " ") return true;
  const between = text.slice(end, spacePos).join("");
  const after = text[spacePos + 1];
  if (after === undefined) return true;
  return !(!between.includes('"') && !between.includes("'") && !" \n".includes(after) && text.slice(end - 1, end + 1).join("") !== "  " && start !== end);
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, "0");
}

/** A file DVC re-reads for update (ruamel's `typ="rt"`): its tree with comments, or undefined when it is not a mapping. */
export function readRt(text: string): { root: RtMap; header: string[]; footer: string[] } | undefined {
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const root = fromYaml(document.contents) as RtMap;
  return { root, header: commentLines(document.commentBefore), footer: commentLines(document.comment) };
}

function fromYaml(node: unknown): RtNode {
  if (isMap(node)) {
    return {
      kind: "map",
      entries: node.items.map((pair) => {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        return entry(key, pair.key, pair.value);
      }),
    };
  }
  if (isSeq(node)) return { kind: "seq", items: node.items.map((item, index) => entry(index, item, item)) };
  if (isScalar(node)) return { kind: "scalar", value: node.value as YamlScalar };
  return { kind: "scalar", value: null };
}

function entry<K>(key: K, keyNode: unknown, valueNode: unknown): RtEntry<K> {
  const keyish = keyNode as { commentBefore?: string | null; spaceBefore?: boolean } | null;
  const before = [...(keyish?.spaceBefore ? [""] : []), ...commentLines(keyish?.commentBefore)];
  const trailing = isScalar(valueNode) && valueNode.comment ? valueNode.comment : undefined;
  return { key, value: fromYaml(valueNode), ...(before.length ? { before } : {}), ...(trailing !== undefined ? { trailing } : {}) };
}

function commentLines(comment: string | null | undefined): string[] {
  return comment ? comment.split("\n") : [];
}
