import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dumpRt, toRt, type Plain, type RtMap } from "../../../src/dvc/dvc-yaml.js";

/**
 * `.dvc` bytes: each case is data DVC dumps (field order of dvc/output.py dumpd) and the bytes
 * ruamel.yaml writes for it configured as DVC configures it (the table's `about` names the version).
 */
const table = JSON.parse(readFileSync(new URL("./dvc-dump-cases.json", import.meta.url), "utf8")) as { cases: [string, Plain, string][] };

describe("the .dvc YAML DVC writes", () => {
  it.each(table.cases)("%s", (_name, data, expected) => {
    expect(dumpRt(toRt(data) as RtMap)).toBe(expected);
  });
});
