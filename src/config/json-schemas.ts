import { z } from "zod";
import { branchesConfigSchema } from "./branches-config.js";
import { modelConfigSchema } from "./model-config.js";
import { metricsFileSchema } from "../evaluate/metrics-file.js";

/** File name under schemas/ → JSON Schema, generated from the zod schemas (the single source of truth). */
export function jsonSchemas(): Record<string, unknown> {
  return {
    "stockops.schema.json": { title: "stockops.toml", ...z.toJSONSchema(modelConfigSchema, { io: "input", unrepresentable: "any" }) },
    "branches.schema.json": { title: "branches.json", ...z.toJSONSchema(branchesConfigSchema, { io: "input", unrepresentable: "any" }) },
    "metrics.schema.json": { title: "metrics.json", ...z.toJSONSchema(metricsFileSchema, { io: "input", unrepresentable: "any" }) },
  };
}
