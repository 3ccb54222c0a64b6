import { z } from "zod";

/** Every response body of the serve API: validated before it is sent, and exported as the OpenAPI components. */

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const modelRefSchema = z
  .strictObject({
    version: z.string().describe("Champion version, `v<N>`."),
    tag: z.string().describe("Git tag of the commit the model files were read from, `models/<team>/<SYMBOL>/v<N>`."),
    kind: z.string().describe("Model kind: naive, ridge, mlp, lstm or gru."),
    trained_through: date.describe("Last price date the model's training saw, from its lineage.json."),
  });

export const predictionSchema = z
  .strictObject({
    team: z.string(),
    symbol: z.string(),
    date: date.describe("Trading day whose close the prediction is made at."),
    close: z.number().describe("Close on `date`."),
    horizon: z.number().int().positive().describe("Trading days the predicted return spans."),
    predicted_log_return: z.number().describe("Predicted log return from the close on `date` to the close `horizon` trading days later."),
    predicted_close: z.number().describe("close × exp(predicted_log_return)."),
    model: modelRefSchema,
    data_version: z.string().describe("Version of the prices the features came from: data.dvc's md5, or the price file's md5."),
    features: z.record(z.string(), z.number()).describe("Feature values (before scaling) of the row the model predicted from."),
    after_trained_through: z.boolean().describe("True when `date` is after trained_through: an out-of-sample prediction."),
  });

export const championSchema = z
  .strictObject({
    team: z.string(),
    symbol: z.string(),
    branch: z.string(),
    status: z.enum(["serving", "failed"]).describe("failed: the model did not load or its files fail their md5 check; it is never served."),
    model: modelRefSchema.nullable(),
    error: z.string().nullable().describe("Why a failed model is not served."),
    latest_date: date.nullable().describe("Latest trading day with prices."),
  });

export const championsSchema = z
  .strictObject({
    loaded_at: z.string().describe("When this set of champions was loaded, ISO 8601 UTC."),
    revision: z.string().describe("md5 over the refs the set was loaded from; changes when a champion changes."),
    champions: z.array(championSchema),
  });

export const versionSchema = z
  .strictObject({
    version: z.number().int().positive(),
    tag: z.string(),
    date: z.string().describe("When it was published, ISO 8601 UTC."),
    kind: z.string(),
    data_version: z.string().nullable(),
    test_mae: z.number(),
    skill_vs_naive: z.number(),
    promoted: z.boolean().describe("Whether the promotion gate made it champion when it was published."),
    champion: z.boolean().describe("Whether it is the champion now."),
  });

export const versionsSchema = z
  .strictObject({ team: z.string(), symbol: z.string(), versions: z.array(versionSchema) });

export const healthSchema = z.strictObject({ status: z.literal("ok") });

export const readySchema = z
  .strictObject({
    ready: z.boolean(),
    revision: z.string().nullable(),
    serving: z.number().int().describe("Champions that passed every check."),
    failed: z.array(z.string()).describe("`<team>/<SYMBOL> <version>` of each champion that is not served."),
  });

export const errorSchema = z
  .strictObject({
    error: z.string().describe("What went wrong, in words; never a stack trace."),
    request_id: z.string(),
    valid: z.array(z.string()).optional().describe("The values that would have been accepted (teams or symbols)."),
  });

export const webhookSchema = z
  .strictObject({ accepted: z.boolean(), event: z.string(), refresh: z.boolean().describe("Whether a reload of the champions was started.") });

/** The static feed file `predictions/<team>/<SYMBOL>.json`: the API's prediction, latest first-class, and its history. */
export const feedSchema = z
  .strictObject({
    team: z.string(),
    symbol: z.string(),
    generated_at: z.string(),
    latest: predictionSchema.nullable(),
    error: z.string().nullable().describe("Why there is no prediction (the champion is not served), else null."),
    history: z.array(predictionSchema).describe("One prediction per trading day, oldest first, ending with `latest`."),
  });

export const predictionQuerySchema = z.strictObject({
  date: date.optional().describe("Trading day, YYYY-MM-DD; default the latest trading day with prices."),
});

export type Prediction = z.output<typeof predictionSchema>;
export type ChampionStatus = z.output<typeof championSchema>;
export type ModelVersion = z.output<typeof versionSchema>;
export type PredictionFeed = z.output<typeof feedSchema>;
