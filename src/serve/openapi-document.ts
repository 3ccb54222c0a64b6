import { z } from "zod";
import {
  championsSchema,
  errorSchema,
  feedSchema,
  healthSchema,
  modelRefSchema,
  championSchema,
  predictionSchema,
  readySchema,
  versionSchema,
  versionsSchema,
  webhookSchema,
} from "./api-schemas.js";

const COMPONENTS = {
  ModelRef: modelRefSchema,
  Prediction: predictionSchema,
  Champion: championSchema,
  Champions: championsSchema,
  ModelVersion: versionSchema,
  ModelVersions: versionsSchema,
  Health: healthSchema,
  Ready: readySchema,
  Error: errorSchema,
  WebhookAccepted: webhookSchema,
  PredictionFeed: feedSchema,
} as const;

type Component = keyof typeof COMPONENTS;

/** Component schemas generated from the zod schemas the server validates its responses with. */
function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  // Each component is a Schema Object inside the document, which carries the dialect once (jsonSchemaDialect).
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutKeys(schema as Record<string, unknown>, ["$schema", "$id"])]));
}

function withoutKeys(schema: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !keys.includes(key)));
}

const json = (component: Component, description: string) => ({ description, content: { "application/json": { schema: { $ref: `#/components/schemas/${component}` } } } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), json("Error", ERROR_TEXT[code]!)]));
const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request: the error names the expected format.",
  401: "Signature missing or not valid.",
  404: "Unknown team, symbol or date; `valid` lists the known teams or symbols.",
  422: "The model cannot predict on that date (too little history before it).",
  503: "The champion is not served: it failed to load or a model file does not match its md5 in lineage.json.",
};
const pathParam = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });
const TEAM = pathParam("team", "Team name from branches.json, e.g. red.");
const SYMBOL = pathParam("symbol", "Ticker of the team's model branch, e.g. AAPL.");

/** The OpenAPI 3.1 document served at /openapi.json. */
export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "stockops serve",
      version,
      description: "Predictions of each team's champion models, loaded from their version tags with every model file's md5 checked against lineage.json.",
      license: { name: "MIT", identifier: "MIT" },
    },
    paths: {
      "/v1/predictions/{team}/{symbol}": {
        get: {
          operationId: "getPrediction",
          summary: "The champion's prediction at the close of a trading day",
          parameters: [TEAM, SYMBOL, { name: "date", in: "query", required: false, description: "YYYY-MM-DD; default the latest trading day with prices.", schema: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" } }],
          responses: { "200": json("Prediction", "The prediction, the model that made it and its inputs."), ...errors(400, 404, 422, 503) },
        },
      },
      "/v1/champions": {
        get: { operationId: "listChampions", summary: "Every branch's champion and whether it is served", responses: { "200": json("Champions", "The loaded set.") } },
      },
      "/v1/models/{team}/{symbol}/versions": {
        get: {
          operationId: "listVersions",
          summary: "The registry: every published version of a branch",
          parameters: [TEAM, SYMBOL],
          responses: { "200": json("ModelVersions", "versions.jsonl of the branch, oldest first."), ...errors(404) },
        },
      },
      "/v1/webhooks/github": {
        post: {
          operationId: "githubWebhook",
          summary: "GitHub push webhook: reload the champions now",
          description: "Needs X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the webhook secret). Only `push` (and `ping`) are acted on.",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
          responses: { "202": json("WebhookAccepted", "Accepted."), ...errors(400, 401) },
        },
      },
      "/healthz": { get: { operationId: "health", summary: "The process is up", responses: { "200": json("Health", "Up.") } } },
      "/readyz": {
        get: { operationId: "ready", summary: "Champions are loaded", responses: { "200": json("Ready", "Loaded."), "503": json("Ready", "Not loaded yet.") } },
      },
      "/openapi.json": { get: { operationId: "openapi", summary: "This document", responses: { "200": { description: "OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } } } } },
    },
    components: { schemas: componentSchemas() },
  };
}
