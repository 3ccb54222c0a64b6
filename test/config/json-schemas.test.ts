import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { jsonSchemas } from "../../src/config/json-schemas.js";

describe("committed JSON Schemas", () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    it(`schemas/${name} matches the zod schema (run 'npm run schemas' after changing src/config)`, async () => {
      const committed = JSON.parse(await readFile(new URL(`../../schemas/${name}`, import.meta.url), "utf8"));
      expect(committed).toEqual(schema);
    });
  }

  it("describes every property of stockops.toml", () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== "object") return;
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === "object") {
        for (const [key, child] of Object.entries(record.properties as Record<string, Record<string, unknown>>)) {
          if (!child.description && !(child.anyOf || child.oneOf)) missing.push(`${path}${key}`);
          walk(child, `${path}${key}.`);
        }
      }
      for (const key of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(record[key])) (record[key] as unknown[]).forEach((item) => walk(item, path));
    };
    walk(jsonSchemas()["stockops.schema.json"], "");
    expect(missing).toEqual([]);
  });
});
