export const id = 16;
export const ids = [16];
export const modules = {

/***/ 5016:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readVerifiedDataFile: () => (/* binding */ readVerifiedDataFile)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./.stockops/build/actions/src/errors.js
var errors = __webpack_require__(6039);
// EXTERNAL MODULE: ./.stockops/build/actions/src/files/confine-path.js
var confine_path = __webpack_require__(7476);
// EXTERNAL MODULE: ./.stockops/build/actions/src/files/read-bounded.js
var read_bounded = __webpack_require__(7208);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./.stockops/build/actions/src/files/excerpt.js
var excerpt = __webpack_require__(2915);
// EXTERNAL MODULE: ./.stockops/build/actions/src/files/strict-json.js
var strict_json = __webpack_require__(2408);
;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/dir-manifest.js





/** The md5 DVC gives an empty directory: the manifest `[]`. */
const EMPTY_DIR_MD5 = "d751713988987e9331980363e24189ce";
/**
 * Orders strings by Unicode code point, as Python's `sorted()` does. JavaScript's `<` compares UTF-16
 * code units, which puts astral characters (surrogate pairs) before U+E000..U+FFFF; this corrects that.
 */
function compareCodePoints(a, b) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x !== y)
            return codePointRank(x) - codePointRank(y);
    }
    return a.length - b.length;
}
function codePointRank(unit) {
    if (unit < 0xd800)
        return unit;
    return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
function sortManifest(entries) {
    return [...entries].sort((x, y) => compareCodePoints(x.relpath, y.relpath));
}
/** The exact bytes of `json.dumps(sorted_list, sort_keys=True)` (dvc-data `Tree.as_bytes()`), UTF-8, no newline. */
function serializeManifest(entries) {
    const items = sortManifest(entries).map((entry) => `{"md5": ${pythonJsonString(entry.md5)}, "relpath": ${pythonJsonString(entry.relpath)}}`);
    return Buffer.from(`[${items.join(", ")}]`, "utf8");
}
const SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
};
/** Python's `json.dumps(str)` with `ensure_ascii=True`: everything outside ' '..'~' becomes `\uXXXX` (lower-case hex, astral as surrogate pairs). */
function pythonJsonString(text) {
    let out = '"';
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        const unit = text.charCodeAt(i);
        const short = SHORT_ESCAPES[char];
        if (short)
            out += short;
        else if (unit >= 0x20 && unit <= 0x7e)
            out += char;
        else
            out += `\\u${unit.toString(16).padStart(4, "0")}`;
    }
    return `${out}"`;
}
function md5Hex(bytes) {
    return (0,external_node_crypto_.createHash)("md5").update(bytes).digest("hex");
}
/** The `.dvc` hash of a directory: md5 of its manifest bytes, with DVC's `.dir` suffix. */
function dir_manifest_manifestHash(entries) {
    return `${md5Hex(serializeManifest(entries))}.dir`;
}
/**
 * Reads a `.dir` object, checking its shape; `file` names it in errors. A relpath is data from a remote others
 * can write: one that is absolute, climbs out with `..`, holds a NUL byte, reaches into `.git`, has an empty or
 * `.` segment, or repeats another entry is refused here, before pull joins it to anything.
 */
function parseManifest(bytes, file) {
    const value = (0,strict_json/* parseStrictJson */.R)(Buffer.from(bytes).toString("utf8"), file, { error: errors/* IntegrityError */.cs });
    if (!Array.isArray(value))
        throw new errors/* IntegrityError */.cs("expected a JSON list of {md5, relpath}", { file });
    const seen = new Set();
    return value.map((item, index) => {
        const entry = item;
        if (!entry || typeof entry.md5 !== "string" || typeof entry.relpath !== "string" || !/^[0-9a-f]{32}$/.test(entry.md5)) {
            throw new errors/* IntegrityError */.cs(`entry ${index} is not {"md5": <32 hex>, "relpath": <string>}`, { file });
        }
        const reason = relpathProblem(entry.relpath);
        if (reason)
            throw new errors/* DataError */.fL(`entry ${index}: relpath "${(0,excerpt/* excerpt */.K)(entry.relpath, 80)}" ${reason}; expected a relative path inside the tracked folder`, { file });
        if (seen.has(entry.relpath))
            throw new errors/* DataError */.fL(`entry ${index}: relpath "${(0,excerpt/* excerpt */.K)(entry.relpath, 80)}" appears twice; expected each file once`, { file });
        seen.add(entry.relpath);
        return { md5: entry.md5, relpath: entry.relpath };
    });
}
function relpathProblem(relpath) {
    const unsafe = (0,confine_path/* unsafePathReason */.m0)(relpath);
    if (unsafe)
        return unsafe;
    if (relpath.includes("\\"))
        return "contains a backslash (a folder separator on Windows)";
    if (relpath.split("/").some((part) => part === "" || part === "."))
        return "has an empty or '.' segment";
    return undefined;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./.stockops/build/actions/src/artifacts/write-atomic.js
var write_atomic = __webpack_require__(1295);
;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/dvc-yaml.js

function dvc_yaml_toRt(value) {
    if (Array.isArray(value))
        return { kind: "seq", items: value.map((item, key) => ({ key, value: dvc_yaml_toRt(item) })) };
    if (value !== null && typeof value === "object")
        return { kind: "map", entries: Object.entries(value).map(([key, item]) => ({ key, value: dvc_yaml_toRt(item) })) };
    return { kind: "scalar", value };
}
/**
 * dvc/utils/collections.py apply_diff: updates `dest` (what the file said) to `src` (what DVC would
 * write), keeping the order, comments and keys' places of `dest`; new keys go last; keys `src` lacks go.
 */
function dvc_yaml_applyDiff(src, dest) {
    if (Array.isArray(src)) {
        if (dest.kind !== "seq" || dest.items.length !== src.length)
            return dvc_yaml_toRt(src);
        dest.items.forEach((item, index) => (item.value = updated(src[index], item.value)));
        return dest;
    }
    if (src === null || typeof src !== "object" || dest.kind !== "map")
        return dvc_yaml_toRt(src);
    for (const [key, value] of Object.entries(src)) {
        const entry = dest.entries.find((candidate) => candidate.key === key);
        if (entry)
            entry.value = updated(value, entry.value);
        else
            dest.entries.push({ key, value: dvc_yaml_toRt(value) });
    }
    dest.entries = dest.entries.filter((entry) => Object.hasOwn(src, entry.key));
    return dest;
}
function updated(src, dest) {
    const sameContainer = (Array.isArray(src) && dest.kind === "seq") || (src !== null && typeof src === "object" && !Array.isArray(src) && dest.kind === "map");
    if (sameContainer)
        return dvc_yaml_applyDiff(src, dest);
    if (dest.kind === "scalar" && dest.value === src && typeof dest.value === typeof src)
        return dest;
    return dvc_yaml_toRt(src);
}
const BEST_WIDTH = 80;
/** Emits a block mapping document as ruamel does (`header` are the comment lines before it). */
function dvc_yaml_dumpRt(root, header = [], footer = []) {
    const emitter = new Emitter();
    for (const line of header)
        emitter.raw(line === "" ? "\n" : `#${line}\n`);
    emitter.mapping(root, 0, false);
    for (const line of footer)
        emitter.raw(line === "" ? "\n" : `#${line}\n`);
    return emitter.text;
}
class Emitter {
    text = "";
    column = 0;
    /** ruamel's `whitespace`: the last thing written was a space or a line break. */
    whitespace = true;
    raw(data) {
        if (data === "")
            return;
        this.text += data;
        const lastBreak = Math.max(...[..."\n\x85\u2028\u2029"].map((lineBreak) => data.lastIndexOf(lineBreak)));
        // columns count code points, as Python's str does
        this.column = lastBreak < 0 ? this.column + [...data].length : [...data.slice(lastBreak + 1)].length;
        this.whitespace = data.endsWith(" ") || data.endsWith("\n");
    }
    /** A block mapping whose keys start at `indent`; `inSeqItem`: the first key follows `- ` on the same line. */
    mapping(node, indent, inSeqItem) {
        node.entries.forEach((entry, index) => {
            this.comments(entry.before, indent);
            if (!(inSeqItem && index === 0))
                this.raw(" ".repeat(indent));
            this.scalar(entry.key, indent + 2, false);
            this.raw(":");
            this.value(entry, indent);
        });
    }
    sequence(node, indent) {
        for (const item of node.items) {
            this.comments(item.before, indent);
            this.raw(`${" ".repeat(indent)}-`);
            if (item.value.kind === "map" && item.value.entries.length > 0) {
                this.raw(" ");
                this.comments(item.value.entries[0].before, indent + 2);
                this.mapping({ kind: "map", entries: [{ ...item.value.entries[0], before: undefined }, ...item.value.entries.slice(1)] }, indent + 2, true);
            }
            else if (item.value.kind === "seq" && item.value.items.length > 0) {
                this.raw("\n");
                this.sequence(item.value, indent + 2);
            }
            else {
                this.flowOrScalar(item.value, indent + 2);
                this.endLine(item.trailing);
            }
        }
    }
    /** The value of a mapping entry: nested blocks on the next lines (sequences at the key's column). */
    value(entry, indent) {
        const { value } = entry;
        if (value.kind === "map" && value.entries.length > 0) {
            this.endLine(entry.trailing);
            this.mapping(value, indent + 2, false);
        }
        else if (value.kind === "seq" && value.items.length > 0) {
            this.endLine(entry.trailing);
            this.sequence(value, indent);
        }
        else {
            this.flowOrScalar(value, indent + 2);
            this.endLine(entry.trailing);
        }
    }
    flowOrScalar(value, scalarIndent) {
        if (value.kind === "map")
            this.raw(" {}");
        else if (value.kind === "seq")
            this.raw(" []");
        else
            this.scalar(value.value, scalarIndent, true);
    }
    endLine(trailing) {
        this.raw(trailing === undefined ? "\n" : ` #${trailing}\n`);
    }
    comments(lines, indent) {
        for (const line of lines ?? [])
            this.raw(line === "" ? "\n" : `${" ".repeat(indent)}#${line}\n`);
    }
    /** One scalar after `key:` or `- ` (or as a key), folded at width 80 with continuation lines at `indent`. */
    scalar(value, indent, split) {
        if (value === null)
            return;
        if (typeof value === "boolean" || typeof value === "number") {
            this.raw(`${this.whitespace ? "" : " "}${typeof value === "boolean" ? String(value) : pythonNumber(value)}`);
            return;
        }
        const writer = new ScalarWriter(this, indent, split);
        const style = chooseStyle(value, !split);
        if (style === "plain")
            writer.plain(value);
        else if (style === "single")
            writer.singleQuoted(value);
        else
            writer.doubleQuoted(value);
    }
}
function pythonNumber(value) {
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
}
const SPACE_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029";
const LINE_BREAKS = "\n\x85\u2028\u2029";
/** ruamel's Emitter.analyze_scalar (block context, allow_unicode). */
function analyze(scalar) {
    if (scalar === "")
        return { empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true, allowDoubleQuoted: true };
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
    let followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.includes(chars[1]);
    let previousSpace = false;
    let previousBreak = false;
    for (let index = 0; index < chars.length; index += 1) {
        const ch = chars[index];
        if (index === 0) {
            if ("#,[]{}&*!|>'\"%@`".includes(ch))
                blockIndicators = true;
            if ("?:".includes(ch) && followedByWhitespace)
                blockIndicators = true;
            if (ch === "-" && followedByWhitespace)
                blockIndicators = true;
        }
        else {
            if (ch === ":" && followedByWhitespace)
                blockIndicators = true;
            if (ch === "#" && precededByWhitespace)
                blockIndicators = true;
        }
        if (LINE_BREAKS.includes(ch))
            lineBreaks = true;
        if (!(ch === "\n" || (ch >= "\x20" && ch <= "\x7E"))) {
            const printable = (ch === "\x85" || (ch >= "\xA0" && ch <= "\uD7FF") || (ch >= "\uE000" && ch <= "\uFFFD") || ch.codePointAt(0) >= 0x10000) && ch !== "\uFEFF";
            if (!printable)
                special = true;
        }
        if (ch === " ") {
            if (index === 0)
                leadingSpace = true;
            if (index === chars.length - 1)
                trailingSpace = true;
            if (previousBreak)
                breakSpace = true;
            previousSpace = true;
            previousBreak = false;
        }
        else if (LINE_BREAKS.includes(ch)) {
            if (index === 0)
                leadingBreak = true;
            if (index === chars.length - 1)
                trailingBreak = true;
            if (previousSpace)
                spaceBreak = true;
            previousSpace = false;
            previousBreak = true;
        }
        else {
            previousSpace = false;
            previousBreak = false;
        }
        precededByWhitespace = SPACE_OR_BREAK.includes(ch);
        followedByWhitespace = index + 2 >= chars.length || SPACE_OR_BREAK.includes(chars[index + 2]);
    }
    let allowBlockPlain = true;
    let allowSingleQuoted = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        allowBlockPlain = false;
    if (breakSpace)
        allowBlockPlain = allowSingleQuoted = false;
    if (special || spaceBreak)
        allowBlockPlain = allowSingleQuoted = false;
    if (lineBreaks || blockIndicators)
        allowBlockPlain = false;
    return { empty: false, multiline: lineBreaks, allowBlockPlain, allowSingleQuoted, allowDoubleQuoted: true };
}
/** ruamel's choose_scalar_style for a str with no requested style, plus its resolver's say on plain text. */
function chooseStyle(value, simpleKey) {
    const analysis = analyze(value);
    if (resolvesAsString(value) && !(simpleKey && (analysis.empty || analysis.multiline)) && analysis.allowBlockPlain)
        return "plain";
    if (value.includes("'") || value.includes("\n"))
        return "double";
    if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline))
        return "single";
    return "double";
}
/** ruamel's VersionedResolver for YAML 1.2 (its default): would this text, written plain, read back as a str? */
function resolvesAsString(value) {
    return !IMPLICIT_NON_STRINGS.some((pattern) => pattern.test(value));
}
const IMPLICIT_NON_STRINGS = (/* unused pure expression or super */ null && ([
    /^(?:true|True|TRUE|false|False|FALSE)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
    /^(?:<<)$/,
    /^(?:~|null|Null|NULL|)$/,
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
    /^(?:=)$/,
]));
const ESCAPES = { "\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0A": "n", "\x0B": "v", "\x0C": "f", "\x0D": "r", "\x1B": "e", '"': '"', "\\": "\\", "\x85": "N", "\xA0": "_", "\u2028": "L", "\u2029": "P" };
/** ruamel's write_plain / write_single_quoted / write_double_quoted for single- and multi-line text. */
class ScalarWriter {
    out;
    indent;
    split;
    constructor(out, indent, split) {
        this.out = out;
        this.indent = indent;
        this.split = split;
    }
    write(data) {
        this.out.raw(data);
    }
    /** ruamel's write_indent: a line break unless already at the indent, then spaces to it. */
    writeIndent() {
        if (this.out.column >= this.indent)
            this.write("\n");
        if (this.out.column < this.indent)
            this.write(" ".repeat(this.indent - this.out.column));
    }
    plain(source) {
        if (source === "")
            return;
        const text = [...source];
        if (!this.out.whitespace)
            this.write(" ");
        let spaces = false;
        let breaks = false;
        let start = 0;
        for (let end = 0; end <= text.length; end += 1) {
            const ch = end < text.length ? text[end] : undefined;
            if (spaces) {
                if (ch !== " ") {
                    if (start + 1 === end && this.out.column >= BEST_WIDTH && this.split)
                        this.writeIndent();
                    else
                        this.write(text.slice(start, end).join(""));
                    start = end;
                }
            }
            else if (breaks) {
                if (ch === undefined || !LINE_BREAKS.includes(ch)) {
                    if (text[start] === "\n")
                        this.write("\n");
                    this.write(text.slice(start, end).join(""));
                    this.writeIndent();
                    start = end;
                }
            }
            else if (ch === undefined || ` ${LINE_BREAKS}`.includes(ch)) {
                const data = text.slice(start, end).join("");
                if (data.length + this.out.column > BEST_WIDTH && this.out.column > this.indent)
                    this.writeIndent();
                this.write(data);
                start = end;
            }
            if (ch !== undefined) {
                spaces = ch === " ";
                breaks = LINE_BREAKS.includes(ch);
            }
        }
    }
    singleQuoted(source) {
        const text = [...source];
        this.write(this.out.whitespace ? "'" : " '");
        let spaces = false;
        let breaks = false;
        let start = 0;
        for (let end = 0; end <= text.length; end += 1) {
            const ch = end < text.length ? text[end] : undefined;
            if (spaces) {
                if (ch === undefined || ch !== " ") {
                    if (start + 1 === end && this.out.column > BEST_WIDTH && this.split && start !== 0 && end !== text.length)
                        this.writeIndent();
                    else
                        this.write(text.slice(start, end).join(""));
                    start = end;
                }
            }
            else if (breaks) {
                if (ch === undefined || !LINE_BREAKS.includes(ch)) {
                    if (text[start] === "\n")
                        this.write("\n");
                    this.write(text.slice(start, end).join(""));
                    this.writeIndent();
                    start = end;
                }
            }
            else if ((ch === undefined || ` ${LINE_BREAKS}'`.includes(ch)) && start < end) {
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
    doubleQuoted(source) {
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
                    const code = ch.codePointAt(0);
                    this.write(ESCAPES[ch] !== undefined ? `\\${ESCAPES[ch]}` : code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
                    start = end + 1;
                }
            }
            if (end > 0 && end < text.length - 1 && (ch === " " || start >= end) && this.out.column + (end - start) > BEST_WIDTH && this.split) {
                const needBackslash = needsBackslash(text, start, end);
                this.write(text.slice(start, end).join("") + (needBackslash ? "\\" : ""));
                if (start < end)
                    start = end;
                this.writeIndent();
                this.out.whitespace = false;
                if (text[start] === " ") {
                    if (!needBackslash)
                        start += 1;
                    if (needBackslash)
                        this.write("\\");
                }
            }
        }
        this.write('"');
    }
}
function printableInDouble(ch) {
    return (ch >= "\x20" && ch <= "\x7E") || (ch >= "\xA0" && ch <= "\uD7FF") || (ch >= "\uE000" && ch <= "\uFFFD") || ch.codePointAt(0) >= 0x10000;
}
function needsBackslash(text, start, end) {
    let spacePos = text.indexOf(" ", end);
    if (spacePos < 0)
        return true;
    const breakPos = text.indexOf("\n", end);
    if (breakPos >= 0 && breakPos < spacePos)
        spacePos = breakPos;
    if (text[spacePos] === "\n" && text[spacePos + 1] !== " ")
        return true;
    const between = text.slice(end, spacePos).join("");
    const after = text[spacePos + 1];
    if (after === undefined)
        return true;
    return !(!between.includes('"') && !between.includes("'") && !" \n".includes(after) && text.slice(end - 1, end + 1).join("") !== "  " && start !== end);
}
function hex(code, width) {
    return code.toString(16).toUpperCase().padStart(width, "0");
}
/** A file DVC re-reads for update (ruamel's `typ="rt"`): its tree with comments, or undefined when it is not a mapping. */
function dvc_yaml_readRt(text) {
    const document = parseDocument(text);
    if (document.errors.length > 0 || !isMap(document.contents))
        return undefined;
    const root = fromYaml(document.contents);
    return { root, header: commentLines(document.commentBefore), footer: commentLines(document.comment) };
}
function fromYaml(node) {
    if (isMap(node)) {
        return {
            kind: "map",
            entries: node.items.map((pair) => {
                const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
                return entry(key, pair.key, pair.value);
            }),
        };
    }
    if (isSeq(node))
        return { kind: "seq", items: node.items.map((item, index) => entry(index, item, item)) };
    if (isScalar(node))
        return { kind: "scalar", value: node.value };
    return { kind: "scalar", value: null };
}
function entry(key, keyNode, valueNode) {
    const keyish = keyNode;
    const before = [...(keyish?.spaceBefore ? [""] : []), ...commentLines(keyish?.commentBefore)];
    const trailing = isScalar(valueNode) && valueNode.comment ? valueNode.comment : undefined;
    return { key, value: fromYaml(valueNode), ...(before.length ? { before } : {}), ...(trailing !== undefined ? { trailing } : {}) };
}
function commentLines(comment) {
    return comment ? comment.split("\n") : [];
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/dvc-file.js





const KNOWN_OUT_KEYS = new Set(["md5", "size", "nfiles", "isexec", "hash", "path"]);
/** The order dvc/output.py dumpd writes an out's other fields in (annotations, then flags). */
const OUT_EXTRA_ORDER = (/* unused pure expression or super */ null && (["fs_config", "desc", "type", "labels", "meta", "cache", "metric", "plot", "persist", "remote", "push"]));
function dvc_file_isDirHash(md5) {
    return md5.endsWith(".dir");
}
/** True when the md5 was computed by DVC 3 on raw bytes (DVC 2 normalised CRLF in text files first). */
function dvc_file_isDvc3Out(out) {
    return out.hash === "md5";
}
function parseDvcFile(text, file) {
    let doc;
    try {
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        throw new errors/* DataError */.fL(`not valid YAML: ${error.message.split("\n")[0]}`, { file });
    }
    if (!doc || typeof doc !== "object" || !Array.isArray(doc.outs)) {
        throw new errors/* DataError */.fL("expected a mapping with an 'outs' list, as `dvc add` writes", { file, field: "outs" });
    }
    const { outs, ...extra } = doc;
    if (outs.length === 0)
        throw new errors/* DataError */.fL("'outs' is empty", { file, field: "outs" });
    return { outs: outs.map((out, index) => parseOut(out, file, index)), ...(Object.keys(extra).length ? { extra } : {}) };
}
function parseOut(value, file, index) {
    const field = (name) => `outs[${index}].${name}`;
    if (!value || typeof value !== "object")
        throw new errors/* DataError */.fL("expected a mapping", { file, field: `outs[${index}]` });
    const raw = value;
    if (typeof raw.path !== "string" || raw.path === "")
        throw new errors/* DataError */.fL("expected a path", { file, field: field("path") });
    if (typeof raw.md5 !== "string" || !/^[0-9a-f]{32}(\.dir)?$/.test(raw.md5)) {
        throw new errors/* DataError */.fL("expected an md5: 32 hex digits, with '.dir' for a directory", { file, field: field("md5") });
    }
    if (raw.size !== undefined && !isCount(raw.size))
        throw new errors/* DataError */.fL("expected a byte count", { file, field: field("size") });
    if (raw.nfiles !== undefined && !isCount(raw.nfiles))
        throw new errors/* DataError */.fL("expected a file count", { file, field: field("nfiles") });
    if (raw.hash !== undefined && raw.hash !== "md5") {
        throw new errors/* DataError */.fL(`unsupported hash '${String(raw.hash)}'; stockops reads 'md5' (DVC 3) or no key (DVC 2)`, { file, field: field("hash") });
    }
    const extra = Object.fromEntries(Object.entries(raw).filter(([key]) => !KNOWN_OUT_KEYS.has(key)));
    return {
        md5: raw.md5,
        ...(raw.size !== undefined ? { size: raw.size } : {}),
        ...(raw.nfiles !== undefined ? { nfiles: raw.nfiles } : {}),
        ...(raw.isexec === true ? { isexec: true } : {}),
        ...(raw.hash === "md5" ? { hash: "md5" } : {}),
        path: raw.path,
        ...(Object.keys(extra).length ? { extra } : {}),
    };
}
function isCount(value) {
    return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
/**
 * The bytes `dvc add` writes (src/dvc/dvc-yaml.ts: ruamel.yaml as DVC configures it), fields in
 * dvc/output.py dumpd's order: md5, size, nfiles, isexec, hash, path, then annotations and flags.
 * With `previousText` (the file being replaced), DVC's re-add: its fields, order and comments are kept
 * and only what changed is updated (dvc/stage/serialize.py to_single_stage_file, apply_diff).
 */
function serializeDvcFile(dvcFile, previousText) {
    const state = { outs: dvcFile.outs.map(outState), ...dvcFile.extra };
    const previous = previousText === undefined ? undefined : readRt(previousText);
    if (!previous)
        return dumpRt(toRt(state));
    return dumpRt(applyDiff(state, previous.root), previous.header, previous.footer);
}
function outState(out) {
    const extra = out.extra ?? {};
    const ordered = [...OUT_EXTRA_ORDER.filter((key) => key in extra), ...Object.keys(extra).filter((key) => !OUT_EXTRA_ORDER.includes(key))];
    return {
        md5: out.md5,
        ...(out.size !== undefined ? { size: out.size } : {}),
        ...(out.nfiles !== undefined ? { nfiles: out.nfiles } : {}),
        ...(out.isexec ? { isexec: true } : {}),
        ...(out.hash ? { hash: out.hash } : {}),
        path: out.path,
        ...Object.fromEntries(ordered.map((key) => [key, extra[key]])),
    };
}
/**
 * What a re-add keeps from an existing `.dvc` file even when it has no md5 yet (DVC's
 * test_add_preserve_fields: desc, type, labels, remote, meta and comments): its text, the first out's
 * other fields and the top-level ones. Undefined when there is no file or it is not a mapping.
 */
async function readDvcFileForUpdate(path) {
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text === undefined)
        return undefined;
    let doc;
    try {
        doc = parse(text);
    }
    catch {
        return undefined;
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc))
        return undefined;
    const { outs, ...extra } = doc;
    const first = Array.isArray(outs) && outs[0] && typeof outs[0] === "object" ? outs[0] : {};
    const outExtra = Object.fromEntries(Object.entries(first).filter(([key]) => !KNOWN_OUT_KEYS.has(key)));
    return { text, outExtra, extra, ...(typeof first.md5 === "string" ? { md5: first.md5 } : {}) };
}
async function readDvcFile(path) {
    let text;
    try {
        text = await readFile(path, "utf8");
    }
    catch (error) {
        if (error.code === "ENOENT") {
            throw new DataError("no such .dvc file; run `stockops data add <path>` first", { file: path });
        }
        throw error;
    }
    return parseDvcFile(text, path);
}
async function writeDvcFile(path, dvcFile, previousText) {
    await writeFileAtomic(path, serializeDvcFile(dvcFile, previousText));
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/dos2unix.js


const TEXT_BYTES = new Set([...Array.from({ length: 95 }, (_, i) => i + 32), 0x0a, 0x0d, 0x09, 0x0c, 0x08]);
const TEXT_PROBE_BYTES = 512;
/** DVC ≤ 2's `istextfile`: the first 512 bytes hold no NUL and at most 30 % bytes outside printable ASCII and \n\r\t\f\b. */
function looksLikeText(bytes) {
    const block = bytes.subarray(0, TEXT_PROBE_BYTES);
    if (block.length === 0)
        return true;
    let nonText = 0;
    for (const byte of block) {
        if (byte === 0)
            return false;
        if (!TEXT_BYTES.has(byte))
            nonText++;
    }
    return nonText / block.length <= 0.3;
}
/** DVC 2's LOCAL_CHUNK_SIZE: dvc/utils/__init__.py `_fobj_md5` reads and converts 1 MiB at a time. */
const LEGACY_CHUNK_BYTES = 2 ** 20;
/**
 * The md5 DVC 2 recorded (no `hash:` key in the .dvc file), as dvc 2.x `file_md5` computed it: text or
 * binary decided once from the first 512 bytes (`istextfile`), then each 1 MiB chunk converted CRLF → LF
 * on its own, so a CR ending one chunk and the LF starting the next stay as they are.
 */
function legacyMd5(bytes) {
    if (!looksLikeText(bytes))
        return md5Hex(bytes);
    const hash = (0,external_node_crypto_.createHash)("md5");
    for (let start = 0; start < bytes.length; start += LEGACY_CHUNK_BYTES)
        hash.update(dos2unix(bytes.subarray(start, start + LEGACY_CHUNK_BYTES)));
    return hash.digest("hex");
}
function dos2unix(bytes) {
    const out = Buffer.allocUnsafe(bytes.length);
    let length = 0;
    for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a)
            continue;
        out[length++] = bytes[i];
    }
    return out.subarray(0, length);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/hash-cache.js







/** Where the hash cache lives, under DVC's own scratch folder (ignored by git, as `dvc init` sets up). */
function hashCachePath(repoRoot) {
    return (0,external_node_path_.join)(repoRoot, ".dvc", "tmp", "stockops-hashes.json");
}
/**
 * md5 of files, remembered by (path, size, mtime in ns, inode) so an unchanged file is not read again.
 * `fresh` mode re-reads every file (verify, after a cache restore) and refreshes the remembered stamps.
 */
class hash_cache_HashCache {
    repoRoot;
    stamps;
    fresh;
    dirty = false;
    constructor(repoRoot, stamps, fresh) {
        this.repoRoot = repoRoot;
        this.stamps = stamps;
        this.fresh = fresh;
    }
    static async load(repoRoot, options = {}) {
        const stamps = new Map();
        if (!options.fresh) {
            try {
                const stored = JSON.parse(await (0,read_bounded/* readBoundedText */.Ht)(hashCachePath(repoRoot), "json"));
                if (stored.version === 1 && stored.files)
                    for (const [key, stamp] of Object.entries(stored.files))
                        stamps.set(key, stamp);
            }
            catch {
                // A missing or unreadable hash cache only costs a re-hash.
            }
        }
        return new hash_cache_HashCache(repoRoot, stamps, options.fresh ?? false);
    }
    /** md5 and size of the file at `path` (absolute), from the cache when its stamp still matches. */
    async md5(path) {
        const info = await (0,promises_.stat)(path, { bigint: true });
        const key = (0,external_node_path_.relative)(this.repoRoot, path).split(external_node_path_.sep).join("/");
        const size = Number(info.size);
        const mtimeNs = info.mtimeNs.toString();
        const inode = info.ino.toString();
        const known = this.stamps.get(key);
        if (!this.fresh && known && known[0] === size && known[1] === mtimeNs && known[2] === inode)
            return { md5: known[3], size };
        const md5 = await md5OfFile(path);
        this.stamps.set(key, [size, mtimeNs, inode, md5]);
        this.dirty = true;
        return { md5, size };
    }
    /** Records the hash of bytes just written, so the next status does not read them again. */
    async remember(path, md5) {
        const info = await (0,promises_.stat)(path, { bigint: true });
        const key = (0,external_node_path_.relative)(this.repoRoot, path).split(external_node_path_.sep).join("/");
        this.stamps.set(key, [Number(info.size), info.mtimeNs.toString(), info.ino.toString(), md5]);
        this.dirty = true;
    }
    async save() {
        if (!this.dirty)
            return;
        const files = Object.fromEntries([...this.stamps.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        await (0,write_atomic/* writeFileAtomic */.Z)(hashCachePath(this.repoRoot), JSON.stringify({ version: 1, files }));
        this.dirty = false;
    }
}
async function md5OfFile(path) {
    const hash = (0,external_node_crypto_.createHash)("md5");
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(path), hash);
    return hash.digest("hex");
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/object-cache.js





/** `files/md5/<2 hex>/<30 hex>[.dir]`: where DVC 3 keeps an object, in a cache and in every remote. */
function objectKey(md5) {
    return `files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`;
}
/** DVC ≤ 2 kept objects at `<cache>/<2 hex>/<30 hex>`. */
function legacyObjectKey(md5) {
    return `${md5.slice(0, 2)}/${md5.slice(2)}`;
}
function defaultCacheDir(repoRoot) {
    return (0,external_node_path_.join)(repoRoot, ".dvc", "cache");
}
/** The hex md5 an object's bytes must have: the name without DVC's `.dir` suffix. */
function bareMd5(md5) {
    return md5.endsWith(".dir") ? md5.slice(0, -4) : md5;
}
/** Checks bytes against the hash they are stored under; `what` names them in the error. */
function assertObjectBytes(md5, bytes, what) {
    const actual = md5Hex(bytes);
    if (actual !== bareMd5(md5)) {
        throw new errors/* IntegrityError */.cs(`object is corrupted: expected md5 ${bareMd5(md5)}, its bytes hash to ${actual}`, { file: what });
    }
}
/** A DVC 3 content-addressed cache folder (`.dvc/cache`). */
class ObjectCache {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    pathOf(md5) {
        return (0,external_node_path_.join)(this.dir, objectKey(md5));
    }
    async has(md5) {
        try {
            return (await (0,promises_.stat)(this.pathOf(md5))).isFile();
        }
        catch {
            return false;
        }
    }
    /** The object's bytes, or undefined when absent; never checked (call `readVerified` for that). */
    async read(md5) {
        try {
            return await (0,promises_.readFile)(this.pathOf(md5));
        }
        catch (error) {
            if (error.code === "ENOENT")
                return undefined;
            throw error;
        }
    }
    /** The object's bytes after checking they hash to their name; undefined when absent. */
    async readVerified(md5) {
        const bytes = await this.read(md5);
        if (bytes)
            assertObjectBytes(md5, bytes, this.pathOf(md5));
        return bytes;
    }
    /** Stores bytes under their hash, refusing bytes that do not match it; objects are read-only, as DVC leaves them. */
    async write(md5, bytes) {
        assertObjectBytes(md5, bytes, this.pathOf(md5));
        const path = this.pathOf(md5);
        await (0,write_atomic/* writeFileAtomic */.Z)(path, bytes);
        await (0,promises_.chmod)(path, 0o444);
    }
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/tracked.js










const DEFAULT_DVC_FILE = "data.dvc";
/**
 * Reads a `.dvc` file (bounded: a regular file of at most 1 MiB) and confines each out to the repository: an out
 * path that is absolute, climbs out with `..`, reaches into `.git` or `.dvc`, or passes through a symbolic link
 * is refused before anything reads or writes it.
 */
async function tracked_loadTracked(repoRoot, dvcFile = DEFAULT_DVC_FILE) {
    const dvcPath = (0,external_node_path_.resolve)(repoRoot, dvcFile);
    const text = await readDvcText(dvcPath);
    refuseYamlTags(text, dvcPath);
    const parsed = parseDvcFile(text, dvcPath);
    const outs = [];
    for (const [index, out] of parsed.outs.entries())
        outs.push({ out, absPath: await confinedOut(repoRoot, dvcPath, out.path, index) });
    return { repoRoot, dvcPath, dvcFile: parsed, outs };
}
/**
 * `dvc add` never writes a YAML tag; an unknown one (`!!python/object`) makes the yaml library print a
 * process warning quoting the file. Checked here, silently, before the .dvc file is parsed.
 */
function refuseYamlTags(text, file) {
    const [warning] = (0,dist/* parseDocument */.Tp)(text, { logLevel: "silent" }).warnings;
    if (warning)
        throw new errors/* DataError */.fL(`${warning.code === "TAG_RESOLVE_FAILED" ? "a YAML tag" : "a YAML construct"} that .dvc files never hold; expected the YAML \`dvc add\` writes`, { file, line: warning.linePos?.[0]?.line });
}
async function readDvcText(dvcPath) {
    try {
        return await (0,read_bounded/* readBoundedText */.Ht)(dvcPath, "dvc");
    }
    catch (error) {
        if (error instanceof errors/* StockopsError */.D6)
            throw error;
        if (error.code === "ENOENT") {
            throw new errors/* DataError */.fL("no such .dvc file; run `stockops data add <path>` first", { file: dvcPath });
        }
        throw error;
    }
}
async function confinedOut(repoRoot, dvcPath, path, index) {
    const location = { file: dvcPath, field: `outs[${index}].path` };
    const absPath = (0,external_node_path_.resolve)((0,external_node_path_.dirname)(dvcPath), path);
    const reason = (0,confine_path/* unsafePathReason */.m0)(path) ?? ((0,confine_path/* isWithin */.UO)(repoRoot, absPath) ? undefined : "leaves the repository");
    const first = (0,external_node_path_.relative)(repoRoot, absPath).split(/[\\/]/)[0];
    const problem = reason ?? (first === "" ? "is the repository itself" : first === ".dvc" ? "is inside .dvc, DVC's own folder" : undefined);
    if (problem) {
        throw new errors/* DataError */.fL(`"${(0,excerpt/* excerpt */.K)(path, 80)}" ${problem}; expected a path inside the repository, next to the .dvc file`, location);
    }
    await (0,confine_path/* assertNoSymlinkInside */.TA)(repoRoot, absPath, location);
    return absPath;
}
function tracked_openCache(repoRoot) {
    return new ObjectCache(defaultCacheDir(repoRoot));
}
/**
 * The recorded manifest of a directory out, read from the cache and checked against its hash; undefined when the
 * cache does not hold it. DVC 2 outs are looked up in DVC 2's cache layout too.
 */
async function tracked_recordedManifest(cache, out) {
    if (!dvc_file_isDirHash(out.md5))
        return undefined;
    let bytes = await cache.readVerified(out.md5);
    if (!bytes && !dvc_file_isDvc3Out(out))
        bytes = await readLegacyObject(cache, out.md5);
    return bytes ? parseManifest(bytes, cache.pathOf(out.md5)) : undefined;
}
async function readLegacyObject(cache, md5) {
    try {
        return await (0,promises_.readFile)((0,external_node_path_.join)(cache.dir, legacyObjectKey(md5)));
    }
    catch {
        return undefined;
    }
}
/** Every object an out needs: its members, then (for a directory) the `.dir` manifest itself. */
function tracked_outObjects(out, manifest) {
    if (!isDirHash(out.md5))
        return [out.md5];
    const members = [...new Set((manifest ?? []).map((entry) => entry.md5))];
    return [...members, out.md5];
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/dvc-ignore.js


/**
 * `.dvcignore` as dvc/ignore.py applies it while DVC walks a tracked folder: its default patterns
 * (`.hg/`, `.git/`, `.git`, `.dvc/`) at the repository root, then every `.dvcignore` from the root down
 * to the folder walked, each relative to its own folder; the last pattern that matches decides, and an
 * ignored folder is not entered. Patterns are gitignore's (pathspec GitWildMatchPattern), lines stripped,
 * `#` lines skipped.
 */
class DvcIgnore {
    root;
    sets = new Map();
    constructor(root) {
        this.root = root;
        this.sets.set("\0defaults", { base: "", patterns: [".hg/", ".git/", ".git", ".dvc/"].map(compile).filter(isPattern) });
    }
    /** The rules for paths under `path`: the repository is the nearest folder above it with a `.dvc/` folder. */
    static forPath(path) {
        for (let dir = (0,external_node_path_.dirname)(path);; dir = (0,external_node_path_.dirname)(dir)) {
            if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, ".dvc")) && (0,external_node_fs_.statSync)((0,external_node_path_.join)(dir, ".dvc")).isDirectory())
                return new DvcIgnore(dir);
            if ((0,external_node_path_.dirname)(dir) === dir)
                return new DvcIgnore((0,external_node_path_.dirname)(path));
        }
    }
    /** True when `path` (absolute; a folder when `isDir`) is ignored. */
    ignores(path, isDir) {
        const rel = (0,external_node_path_.relative)(this.root, path).split(external_node_path_.sep).join("/");
        if (rel === "" || rel.startsWith(".."))
            return false;
        let ignored = false;
        for (const set of this.setsAbove(rel)) {
            const inSet = set.base === "" ? rel : rel.startsWith(`${set.base}/`) ? rel.slice(set.base.length + 1) : undefined;
            if (inSet === undefined)
                continue;
            for (const pattern of set.patterns) {
                if (pattern.regex.test(inSet) || (isDir && pattern.regex.test(`${inSet}/`)))
                    ignored = !pattern.negated;
            }
        }
        return ignored;
    }
    /** Defaults, then the `.dvcignore` of the root and of every folder between it and `rel`'s folder. */
    setsAbove(rel) {
        const folders = [""];
        const parts = rel.split("/").slice(0, -1);
        for (let index = 1; index <= parts.length; index += 1)
            folders.push(parts.slice(0, index).join("/"));
        return [this.sets.get("\0defaults"), ...folders.map((folder) => this.setOf(folder)).filter((set) => set !== null)];
    }
    setOf(folder) {
        if (!this.sets.has(folder)) {
            const file = (0,external_node_path_.join)(this.root, folder, ".dvcignore");
            const text = (0,external_node_fs_.existsSync)(file) ? (0,external_node_fs_.readFileSync)(file, "utf8") : undefined;
            const lines = text === undefined ? [] : text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
            this.sets.set(folder, text === undefined ? null : { base: folder, patterns: lines.map(compile).filter(isPattern) });
        }
        return this.sets.get(folder);
    }
}
function isPattern(pattern) {
    return pattern !== undefined;
}
/** pathspec's GitWildMatchPattern.pattern_to_regex. */
function compile(line) {
    let pattern = line;
    let negated = false;
    if (pattern.startsWith("!")) {
        negated = true;
        pattern = pattern.slice(1);
    }
    if (pattern.startsWith("\\!") || pattern.startsWith("\\#"))
        pattern = pattern.slice(1);
    const segments = pattern.split("/");
    if (segments[0] === "")
        segments.shift();
    else if (segments.length === 1 || (segments.length === 2 && segments[1] === "")) {
        if (segments[0] !== "**")
            segments.unshift("**");
    }
    if (segments.length === 0 || (segments.length === 1 && segments[0] === ""))
        return undefined;
    if (segments.length > 1 && segments.at(-1) === "")
        segments[segments.length - 1] = "**";
    let source = "^";
    let needSlash = false;
    const end = segments.length - 1;
    segments.forEach((segment, index) => {
        if (segment === "**") {
            if (index === 0 && index === end)
                source += ".+";
            else if (index === 0) {
                source += "(?:.+/)?";
                needSlash = false;
            }
            else if (index === end)
                source += "/.*";
            else {
                source += "(?:/.+)?";
                needSlash = true;
            }
        }
        else {
            if (needSlash)
                source += "/";
            source += segment === "*" ? "[^/]+" : segmentGlob(segment);
            if (index === end)
                source += "(?:/.*)?";
            needSlash = true;
        }
    });
    return { regex: new RegExp(`${source}$`), negated };
}
function segmentGlob(segment) {
    let out = "";
    for (let index = 0; index < segment.length; index += 1) {
        const char = segment[index];
        if (char === "\\" && index + 1 < segment.length)
            out += dvc_ignore_escape(segment[++index]);
        else if (char === "*")
            out += "[^/]*";
        else if (char === "?")
            out += "[^/]";
        else if (char === "[") {
            const close = segment.indexOf("]", index + 2);
            if (close < 0)
                out += "\\[";
            else {
                let body = segment.slice(index + 1, close);
                if (body.startsWith("!"))
                    body = `^${body.slice(1)}`;
                out += `[${body.replace(/\\/g, "\\\\")}]`;
                index = close;
            }
        }
        else
            out += dvc_ignore_escape(char);
    }
    return out;
}
function dvc_ignore_escape(char) {
    return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/workspace.js






async function workspace_hashWorkspaceOut(path, options) {
    let info;
    try {
        info = await (0,promises_.lstat)(path);
    }
    catch (error) {
        if (error.code === "ENOENT")
            return { kind: "missing" };
        throw error;
    }
    if (info.isSymbolicLink())
        throw linkRefused(path);
    if (info.isFile())
        return { kind: "file", ...(await hashFile(path, options)) };
    if (!info.isDirectory())
        throw notRegular(path);
    const entries = [];
    let size = 0;
    for (const relpath of await listFiles(path)) {
        const hashed = await hashFile((0,external_node_path_.join)(path, relpath), options);
        entries.push({ md5: hashed.md5, relpath });
        size += hashed.size;
    }
    return { kind: "dir", entries, size };
}
async function hashFile(path, { hashCache, legacy }) {
    if (!legacy)
        return hashCache.md5(path);
    const bytes = await (0,promises_.readFile)(path);
    return { md5: legacyMd5(bytes), size: bytes.length };
}
/**
/**
 * Every regular file under `dir` that DVC would hash, as POSIX paths relative to it, in code-point order:
 * `.dvcignore` rules and DVC's default ignores (.git, .hg, .dvc) applied (src/dvc/dvc-ignore.ts). A symbolic
 * link that is not ignored is refused, naming it: following it would hash, cache and push whatever it points at
 * (`data/passwd.csv → /etc/passwd`). FIFOs, sockets and devices are refused too: reading one hangs or never ends.
 */
async function listFiles(dir, prefix = "", ignore = DvcIgnore.forPath(dir)) {
    const found = [];
    for (const entry of await (0,promises_.readdir)((0,external_node_path_.join)(dir, prefix), { withFileTypes: true })) {
        const relpath = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (ignore.ignores((0,external_node_path_.join)(dir, relpath), entry.isDirectory()))
            continue;
        if (entry.isSymbolicLink())
            throw linkRefused((0,external_node_path_.join)(dir, relpath));
        if (entry.isDirectory())
            found.push(...(await listFiles(dir, relpath, ignore)));
        else if (entry.isFile())
            found.push(relpath);
        else
            throw notRegular((0,external_node_path_.join)(dir, relpath));
    }
    return found.sort(compareCodePoints);
}
function linkRefused(path) {
    return new errors/* DataError */.fL("is a symbolic link; stockops tracks only regular files and never follows a link out of the tracked folder (replace the link with the file itself)", {
        file: path,
    });
}
function notRegular(path) {
    return new errors/* DataError */.fL("is not a regular file or folder (a FIFO, socket or device); expected only files and folders in tracked data", { file: path });
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/status.js





/** Workspace vs `.dvc` vs cache (vs remote): fast, since unchanged files are answered by the hash cache. */
async function dataStatus(repoRoot, options = {}) {
    const tracked = await loadTracked(repoRoot, options.dvcFile);
    const hashCache = await HashCache.load(repoRoot);
    const cache = openCache(repoRoot);
    const outs = [];
    for (const { out, absPath } of tracked.outs) {
        const legacy = !isDvc3Out(out);
        const state = await hashWorkspaceOut(absPath, { hashCache, legacy });
        const manifest = await recordedManifest(cache, out);
        const workspaceMd5 = hashOfState(state);
        const objects = outObjects(out, manifest);
        const missingInCache = legacy ? [] : await filterAsync(objects, async (md5) => !(await cache.has(md5)));
        outs.push({
            path: out.path,
            recordedMd5: out.md5,
            format: legacy ? "dvc2" : "dvc3",
            workspace: state.kind === "missing" ? "missing" : workspaceMd5 === out.md5 ? "unchanged" : "modified",
            ...(workspaceMd5 ? { workspaceMd5 } : {}),
            ...(manifest && state.kind === "dir" && workspaceMd5 !== out.md5 ? { changes: diffManifests(manifest, state.entries) } : {}),
            missingInCache,
            ...(options.remote ? { missingInRemote: await filterAsync(objects, async (md5) => !(await options.remote.has(md5))) } : {}),
        });
    }
    await hashCache.save();
    return { dvcPath: tracked.dvcPath, outs, ...(options.remote ? { remote: options.remote.description } : {}) };
}
function hashOfState(state) {
    if (state.kind === "file")
        return state.md5;
    if (state.kind === "dir")
        return manifestHash(state.entries);
    return undefined;
}
function diffManifests(recorded, current) {
    const before = new Map(recorded.map((entry) => [entry.relpath, entry.md5]));
    const after = new Map(current.map((entry) => [entry.relpath, entry.md5]));
    return {
        added: [...after.keys()].filter((path) => !before.has(path)),
        deleted: [...before.keys()].filter((path) => !after.has(path)),
        modified: [...after.entries()].filter(([path, md5]) => before.has(path) && before.get(path) !== md5).map(([path]) => path),
    };
}
/** At most 8 checks in flight: a remote answers each object with one request. */
async function filterAsync(items, keep) {
    const flags = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            flags[index] = await keep(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(8, items.length) }, worker));
    return items.filter((_, index) => flags[index]);
}
/** One line per finding, for the CLI. */
function renderStatus(status) {
    const lines = [];
    for (const out of status.outs) {
        const kind = isDirHash(out.recordedMd5) ? "folder" : "file";
        lines.push(`${out.path} (${kind}, ${out.format === "dvc2" ? "DVC 2 hashes" : "DVC 3"}): workspace ${out.workspace}`);
        if (out.workspace === "modified")
            lines.push(`  recorded ${out.recordedMd5}, workspace ${out.workspaceMd5}`);
        for (const [label, paths] of Object.entries(out.changes ?? {}))
            for (const path of paths)
                lines.push(`  ${label}: ${path}`);
        lines.push(out.missingInCache.length ? `  cache: ${out.missingInCache.length} object(s) missing` : "  cache: complete");
        if (out.missingInRemote) {
            lines.push(out.missingInRemote.length ? `  remote: ${out.missingInRemote.length} object(s) not pushed` : "  remote: up to date");
        }
    }
    return lines.join("\n");
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/dvc/read-verified.js











/**
 * Reads `<out>/<relPath>` (e.g. `data/AAPL.csv`) and proves it is the version `data.dvc` records: the file's own
 * bytes are hashed, the other files come from the hash cache, and the folder's manifest hash must equal data.dvc's.
 * A mismatch is an IntegrityError naming the file and both hashes.
 */
async function readVerifiedDataFile(repoRoot, relPath, options = {}) {
    const tracked = await tracked_loadTracked(repoRoot, options.dvcFile);
    const target = tracked.outs.find(({ out }) => dvc_file_isDirHash(out.md5)) ?? tracked.outs[0];
    if (!target)
        throw new errors/* DataError */.fL("no outs", { file: tracked.dvcPath });
    const { out, absPath } = target;
    const dvcName = (0,external_node_path_.relative)(repoRoot, tracked.dvcPath);
    // relPath comes from stockops.toml ([data] path): confined to the tracked folder, links refused, read bounded.
    const path = dvc_file_isDirHash(out.md5) ? await (0,confine_path/* confinedPath */.OR)(absPath, relPath, options.pathOrigin ?? { file: dvcName }) : absPath;
    const shown = (0,external_node_path_.relative)(repoRoot, path);
    let bytes;
    try {
        bytes = await (0,read_bounded/* readBoundedFile */.Mv)(path, "csv", { file: shown });
    }
    catch (error) {
        if (error.code !== "ENOENT")
            throw error;
        throw new errors/* DataError */.fL(`missing: ${dvcName} tracks it but it is not in the workspace; run \`stockops data pull\``, { file: shown });
    }
    const md5 = dvc_file_isDvc3Out(out) ? md5Hex(bytes) : legacyMd5(bytes);
    if (!dvc_file_isDirHash(out.md5)) {
        if (md5 !== out.md5)
            throw mismatch(shown, dvcName, out.md5, md5);
        return { bytes, dataVersion: out.md5, md5, path };
    }
    const hashCache = await hash_cache_HashCache.load(repoRoot);
    const state = await workspace_hashWorkspaceOut(absPath, { hashCache, legacy: !dvc_file_isDvc3Out(out) });
    await hashCache.save();
    if (state.kind !== "dir")
        throw new errors/* DataError */.fL(`expected a folder tracked by ${dvcName}`, { file: (0,external_node_path_.relative)(repoRoot, absPath) });
    const entries = state.entries.map((entry) => (entry.relpath === relPath ? { ...entry, md5 } : entry));
    if (!entries.some((entry) => entry.relpath === relPath)) {
        throw new errors/* DataError */.fL(`not tracked: ${dvcName} records no file '${relPath}'`, { file: shown });
    }
    const actual = dir_manifest_manifestHash(entries);
    if (actual === out.md5)
        return { bytes, dataVersion: out.md5, md5, path };
    const manifest = await tracked_recordedManifest(tracked_openCache(repoRoot), out).catch(() => undefined);
    const recorded = manifest?.find((entry) => entry.relpath === relPath);
    if (recorded && recorded.md5 !== md5)
        throw mismatch(shown, dvcName, recorded.md5, md5);
    if (manifest) {
        const changes = diffManifests(manifest, entries);
        const other = [...changes.modified, ...changes.added, ...changes.deleted][0];
        if (other) {
            const was = manifest.find((entry) => entry.relpath === other)?.md5 ?? "nothing";
            const now = entries.find((entry) => entry.relpath === other)?.md5 ?? "nothing (deleted)";
            throw new errors/* IntegrityError */.cs(`${(0,external_node_path_.relative)(repoRoot, absPath)}/${other} differs from ${dvcName}: recorded ${was}, workspace ${now}; the dataset is not the recorded version`, { file: (0,external_node_path_.join)((0,external_node_path_.relative)(repoRoot, absPath), other) });
        }
    }
    throw new errors/* IntegrityError */.cs(`folder md5 mismatch: ${dvcName} records ${out.md5}, the workspace hashes to ${actual}`, {
        file: (0,external_node_path_.relative)(repoRoot, absPath),
    });
}
function mismatch(file, dvcName, expected, actual) {
    return new errors/* IntegrityError */.cs(`md5 mismatch: ${dvcName} records ${expected}, the file hashes to ${actual}`, { file });
}


/***/ })

};
