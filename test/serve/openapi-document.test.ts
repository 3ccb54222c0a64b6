import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/serve/openapi-document.js";

const EXAMPLE = resolve(import.meta.dirname, "../../docs/examples/openapi.json");

describe("the OpenAPI document", () => {
  const document = openApiDocument("0.1.0");

  it("validates as OpenAPI 3.1 and references only components it defines", async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((match) => match[1]!);
    const defined = Object.keys((document.components as { schemas: Record<string, unknown> }).schemas);
    expect(refs.filter((ref) => !defined.includes(ref))).toEqual([]);
  });

  it("is the one committed in docs/examples/openapi.json (UPDATE_EXAMPLES=1 rewrites it)", async () => {
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (process.env.UPDATE_EXAMPLES) await writeFile(EXAMPLE, text);
    expect(await readFile(EXAMPLE, "utf8")).toBe(text);
  });
});
