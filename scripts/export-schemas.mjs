// Regenerates schemas/*.json from the zod schemas (run `npm run build:lib` first; `npm run schemas` does both).
import { writeFile } from "node:fs/promises";
import { jsonSchemas } from "../lib/config/json-schemas.js";

for (const [name, schema] of Object.entries(jsonSchemas())) {
  await writeFile(new URL(`../schemas/${name}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${name}`);
}
