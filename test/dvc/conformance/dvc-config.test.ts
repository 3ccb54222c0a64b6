import { describe, expect, it } from "vitest";
import { parseDvcConfig, resolveRemote } from "../../../src/dvc/dvc-config.js";

/**
 * `.dvc/config` read as DVC reads it. Grammar: configobj (DiffSK/configobj src/configobj/__init__.py:
 * `_keyword`, `_sectionmarker`, `_valueexp`, `_multiline`, `_handle_error`); then iterative/dvc
 * dvc/config.py `load_file` (`_lower_keys`, `_parse_named`) and `_resolve` (`~`). Each case: the file,
 * then the value read at [section, key] or the error configobj / DVC raise.
 */
type Case = [name: string, text: string, expected: [section: string, key: string, value: string] | RegExp];

const CASES: Case[] = [
  // configobj _valueexp: what ends an unquoted value, and quoting
  ["plain value", "[core]\nremote = s3store\n", ["core", "remote", "s3store"]],
  ["inline comment after spaces", "[core]\nremote = s3store   # default\n", ["core", "remote", "s3store"]],
  ["inline comment with no space: # ends the value", "['remote \"s\"']\nurl = s3://b/p#frag\n", ['remote "s"', "url", "s3://b/p"]],
  ["single-quoted value with a comment", "['remote \"s\"']\nurl = 's3://bucket' # c\n", ['remote "s"', "url", "s3://bucket"]],
  ["double-quoted value with a comment", "['remote \"s\"']\nurl = \"s3://bucket\"#c\n", ['remote "s"', "url", "s3://bucket"]],
  ["# inside quotes is text", "['remote \"s\"']\nurl = '/mnt/x # y'\n", ['remote "s"', "url", "/mnt/x # y"]],
  ["triple single quotes on one line", "['remote \"s\"']\nurl = '''s3://bucket'''\n", ['remote "s"', "url", "s3://bucket"]],
  ["triple double quotes with a comment", "['remote \"s\"']\nurl = \"\"\"s3://bucket\"\"\"  # c\n", ['remote "s"', "url", "s3://bucket"]],
  ["triple quotes across lines", "[core]\nremote = '''a\nb'''\n", ["core", "remote", "a\nb"]],
  ["empty value", "[core]\nremote =\n", ["core", "remote", ""]],
  ["empty quoted value", "[core]\nremote = ''\n", ["core", "remote", ""]],
  ["spaces around = and indentation", "[core]\n      remote   =   s3store\n", ["core", "remote", "s3store"]],
  ["= in the value", "['remote \"s\"']\nurl = s3://b/a=b\n", ['remote "s"', "url", "s3://b/a=b"]],
  ["quoted key", "[core]\n'remote' = s3store\n", ["core", "remote", "s3store"]],
  ["CRLF line ends", "[core]\r\nremote = s3store\r\n", ["core", "remote", "s3store"]],
  ["comment lines, indented too", "# top\n[core]\n   # note\nremote = s3store\n", ["core", "remote", "s3store"]],
  ["section marker with a comment", "[core] # main\nremote = s3store\n", ["core", "remote", "s3store"]],
  // section names: both spellings DVC writes and reads
  ["quoted section name", "['remote \"s\"']\nurl = /x\n", ['remote "s"', "url", "/x"]],
  ["unquoted section name", '[remote "s"]\nurl = /x\n', ['remote "s"', "url", "/x"]],
  ["spaces inside the brackets", "[ core ]\nremote = s3store\n", ["core", "remote", "s3store"]],
  // dvc/config.py _lower_keys: keys and sections are case-insensitive
  ["upper-case key", "['remote \"s\"']\nURL = s3://b\n", ['remote "s"', "url", "s3://b"]],
  ["mixed-case key", "['remote \"s\"']\nurl = s3://b\nEndpointURL = http://127.0.0.1:9000\n", ['remote "s"', "endpointurl", "http://127.0.0.1:9000"]],
  ["upper-case section", "[CORE]\nREMOTE = s3store\n", ["core", "remote", "s3store"]],
  ["a later key differing only in case wins (configobj keeps both, DVC lower-cases)", "[core]\nremote = a\nREMOTE = b\n", ["core", "remote", "b"]],
  // configobj errors (collected, first raised), which DVC turns into ConfigError
  ["duplicate key", "[core]\nremote = a\nremote = b\n", /^\.dvc\/config, line 3: Duplicate keyword name at line 3\./],
  ["duplicate section", "[core]\nremote = a\n[core]\n", /^\.dvc\/config, line 3: Duplicate section name at line 3\./],
  ["keys after a refused section go to the one before it (so a second error)", "[core]\nremote = a\n[core]\nremote = b\n", /line 3: Parsing failed with several errors\. First error at line 3\. \(Duplicate section name at line 3\.\)/],
  ["; is not a comment in configobj: the key is '; remote', which DVC rejects", "[core]\n; remote = a\n", /^\.dvc\/config, line 2: key '; remote': ';' does not start a comment/],
  ["; line without =", "; note\n[core]\n", /^\.dvc\/config, line 1: Invalid line \("; note"\) \(matched as neither section nor keyword\) at line 1\./],
  ["a line that is neither", "[core]\nremote s3store\n", /line 2: Invalid line/],
  ["a comma makes a list", "['remote \"s\"']\nurl = s3://a,b\n", /line 2: the value of 'url' is a list \(\["s3:\/\/a","b"\]\)/],
  ["a trailing comma makes a list", "[core]\nremote = a,\n", /line 2: the value of 'remote' is a list \(\["a"\]\)/],
  ["a lone comma is an empty list", "[core]\nremote = ,\n", /line 2: the value of 'remote' is a list \(\[\]\)/],
  ["a quoted comma is text", "['remote \"s\"']\nurl = 's3://a,b'\n", ['remote "s"', "url", "s3://a,b"]],
  ["unbalanced quotes", "[core]\nremote = 'abc\n", /line 2: Parse error in value at line 2\./],
  ["text after a closing quote", "[core]\nremote = 'a' b\n", /line 2: Parse error in value/],
  ["an unclosed triple quote", "[core]\nremote = '''abc\n", /line 2: Parse error in multiline value/],
  ["unbalanced brackets", "[core\nremote = a\n", /line 1: Invalid line/],
  ["a nested section", "[core]\n[[sub]]\nx = 1\n", /line 2: Section too nested/],
  ["brackets that do not count the same", "[[core]\nremote = a\n", /line 1: Cannot compute the section depth/],
  ["a key outside any section", "remote = a\n[core]\n", /line 1: key 'remote' outside a section/],
  ["several errors: the first is named", "[core]\nremote = a\nremote = b\n[core]\n", /line 3: Parsing failed with several errors\. First error at line 3\. \(Duplicate keyword name at line 3\.\)/],
];

describe(".dvc/config as configobj and DVC read it", () => {
  it.each(CASES)("%s", (_name, text, expected) => {
    if (expected instanceof RegExp) {
      expect(() => parseDvcConfig(text, ".dvc/config")).toThrow(expected);
      return;
    }
    const [section, key, value] = expected;
    expect(parseDvcConfig(text, ".dvc/config").get(section)?.get(key)).toBe(value);
  });

  it("remote names match after lower-casing (dvc/config.py _parse_named) and ~ is the home folder (_resolve)", () => {
    const config = parseDvcConfig("[core]\nremote = backup\n[REMOTE \"backup\"]\nURL = ~/dvc-store\n", ".dvc/config");
    expect(resolveRemote(config, "/repo")).toEqual({ kind: "local", name: "backup", path: `${process.env.HOME}/dvc-store` });
  });

  it("an s3 remote written with upper-case keys keeps its endpoint", () => {
    const config = parseDvcConfig("[core]\nremote = s3\n['remote \"s3\"']\nURL = 's3://bucket/prefix' # prod\nEndpointURL = http://127.0.0.1:9000\n", ".dvc/config");
    expect(resolveRemote(config, "/repo")).toEqual({ kind: "s3", name: "s3", bucket: "bucket", prefix: "prefix", endpointUrl: "http://127.0.0.1:9000" });
  });
});
