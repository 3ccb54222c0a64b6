import { z } from "zod";
import { fileNameKey } from "../files/path-schema.js";

const span = z.strictObject({ rows: z.number().int(), first: z.string().nullable(), last: z.string().nullable() });

export const lineageSchema = z
  .strictObject({
    schema: z.literal(1),
    symbol: z.string(),
    team: z.string(),
    model_kind: z.string(),
    seed: z.number().int().describe("Seed of the published model (the chosen one when [model] seeds is given)."),
    seeds: z
      .strictObject({ tried: z.array(z.number().int()), rule: z.string() })
      .optional()
      .describe("[model] seeds: every seed trained, and the rule that chose the published one."),
    backend: z.string().describe("Where the model was trained: 'tensorflow', 'wasm', 'cpu', or 'typescript' for naive/ridge."),
    config_hash: z.string().describe("md5 of the canonical JSON of the validated stockops.toml."),
    code_version: z.strictObject({
      package: z.string(),
      commit: z.string().nullable().describe("Commit of the stockops code that ran (main's, checked out beside the model branch's files)."),
      hash: z
        .string()
        .optional()
        .describe("md5 over the source files the train stage imports (src/pipeline/code-hash.ts); absent in lineage written before code was an input."),
    }),
    data: z.strictObject({
      origin: z.string(),
      content_hash: z.string().describe("md5 of the price file's bytes."),
      data_version: z.string().nullable().describe("md5 of the data.dvc entry the bytes were verified against."),
      data_dvc_from: z
        .strictObject({ branch: z.string(), commit: z.string() })
        .nullable()
        .optional()
        .describe(
          "source dvc: the branch and commit whose data.dvc was used when the model branch follows it (stockops data follow); null for the data.dvc in the branch's own folder (pinned, or a run by hand). Absent for other sources and in lineage written before following existed.",
        ),
      rows: z.number().int(),
      first_date: z.string(),
      last_date: z.string(),
    }),
    features: z.array(z.string()),
    split: z.strictObject({ train: span, validation: span, test: span }),
    last_price_date_seen: z
      .string()
      .describe("Latest price date the trained model depended on, targets included; equals trained_through for a production fit."),
    trained_through: z
      .string()
      .optional()
      .describe(
        "Last target date the published model was fitted on: every row whose target is known up to [data] end. Trading refuses a decision date on or before it. Absent in lineage written before production fits (last_price_date_seen then).",
      ),
    fit: z
      .strictObject({ rows: z.number().int(), first: z.string().nullable(), last: z.string().nullable(), early_stopping: span.nullable() })
      .optional()
      .describe("Rows the published model was fitted on (decision days), apart from the evaluation spans in split; early_stopping: the trailing rows neural kinds hold out to stop on, null for naive and ridge."),
    model_files: z.record(fileNameKey, z.string()).describe("Model file name → md5, so trading can verify the files it loads."),
  })
  .describe("lineage.json: what exactly produced this model.");

export type Lineage = z.output<typeof lineageSchema>;
