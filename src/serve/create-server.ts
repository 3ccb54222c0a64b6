import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { z } from "zod";
import { championsSchema, errorSchema, healthSchema, predictionQuerySchema, predictionSchema, readySchema, versionsSchema, webhookSchema } from "./api-schemas.js";
import type { ChampionSet } from "./champion-set.js";
import type { ChampionWatcher } from "./champion-watcher.js";
import { describeChampions, describeVersions } from "./describe-champions.js";
import { HttpError } from "./http-error.js";
import { openApiDocument } from "./openapi-document.js";
import { findBranch, predictForDate } from "./predict-for-date.js";
import type { PredictionLog } from "./prediction-log.js";
import { verifyWebhookSignature } from "./webhook-signature.js";

export interface ServerOptions {
  watcher: ChampionWatcher;
  /** JSON log lines (pino) go here. */
  logStream: Writable;
  logLevel?: string;
  predictionLog?: PredictionLog;
  /** Secret of the GitHub webhook; without it POST /v1/webhooks/github is not offered. */
  webhookSecret?: string;
  version: string;
  now?: () => Date;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The HTTP API; every body it sends is parsed by its zod schema first, the same schema /openapi.json describes. */
export function createServer(options: ServerOptions): FastifyInstance {
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    logger: { level: options.logLevel ?? "info", stream: options.logStream },
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: false,
  });
  const document = JSON.stringify(openApiDocument(options.version));
  const loaded = (): ChampionSet => {
    const set = options.watcher.current();
    if (!set) throw new HttpError(503, "champions are still loading; see /readyz");
    return set;
  };

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.get("/healthz", async (_request, reply) => send(reply, 200, healthSchema, { status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const set = options.watcher.current();
    const failed = set ? [...set.served.values()].filter((entry) => !entry.champion).map((entry) => `${entry.branch} ${entry.named?.version ?? "(no champion)"}`) : [];
    const body = { ready: set !== undefined, revision: set?.revision ?? null, serving: set ? set.served.size - failed.length : 0, failed };
    return send(reply, set ? 200 : 503, readySchema, body);
  });
  app.get("/openapi.json", async (_request, reply) => reply.code(200).type("application/json").send(document));
  app.get("/v1/champions", async (_request, reply) => send(reply, 200, championsSchema, describeChampions(loaded())));
  app.get<{ Params: { team: string; symbol: string } }>("/v1/models/:team/:symbol/versions", async (request, reply) => {
    const entry = findBranch(loaded(), request.params.team, request.params.symbol);
    return send(reply, 200, versionsSchema, describeVersions(entry));
  });
  app.get<{ Params: { team: string; symbol: string }; Querystring: Record<string, unknown> }>("/v1/predictions/:team/:symbol", async (request, reply) => {
    const date = parseDateQuery(request.query);
    const entry = findBranch(loaded(), request.params.team, request.params.symbol);
    const prediction = await predictForDate(entry, date);
    const sent = send(reply, 200, predictionSchema, prediction);
    options.predictionLog?.append(request.id, prediction, now());
    return sent;
  });
  if (options.webhookSecret) registerWebhook(app, options.webhookSecret, options.watcher);

  app.setNotFoundHandler(async (request, reply) => {
    const paths = ["/v1/predictions/{team}/{symbol}", "/v1/champions", "/v1/models/{team}/{symbol}/versions", "/healthz", "/readyz", "/openapi.json"];
    return sendError(reply, request, 404, `no route ${request.method} ${request.url.split("?")[0]}; valid paths: ${paths.join(", ")}`, paths);
  });
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, request, error.status, error.message, error.valid);
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) return sendError(reply, request, status, error.message);
    request.log.error({ err: error }, "request failed");
    return sendError(reply, request, 500, "internal error; the server log has the details under this request id");
  });
  return app;
}

function registerWebhook(app: FastifyInstance, secret: string, watcher: ChampionWatcher): void {
  // GitHub caps webhook payloads at 25 MB; a push of many commits is larger than Fastify's 1 MiB default.
  app.post("/v1/webhooks/github", { bodyLimit: 25 * 1024 * 1024 }, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers["x-hub-signature-256"];
    if (!verifyWebhookSignature(secret, body, typeof signature === "string" ? signature : undefined)) {
      request.log.warn({ delivery: request.headers["x-github-delivery"] }, "webhook signature missing or not valid");
      throw new HttpError(401, "X-Hub-Signature-256 is missing or does not match the body signed with the webhook secret (sha256=<hex HMAC-SHA256>)");
    }
    const event = String(request.headers["x-github-event"] ?? "");
    if (event === "") throw new HttpError(400, "X-GitHub-Event header is missing");
    const refresh = event === "push";
    if (refresh) void watcher.check(`webhook push ${request.headers["x-github-delivery"] ?? ""}`.trim());
    return send(reply, 202, webhookSchema, { accepted: true, event, refresh });
  });
}

function parseDateQuery(query: Record<string, unknown>): string | undefined {
  const parsed = predictionQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || String((issue as { keys?: string[] }).keys?.[0] ?? "query");
    if (field !== "date") throw new HttpError(400, `unknown query parameter '${field}'; the only one is date=YYYY-MM-DD`);
    throw new HttpError(400, `date must be a calendar date YYYY-MM-DD (e.g. 2018-05-11), got '${String(query.date)}'`);
  }
  const date = parsed.data.date;
  const time = date === undefined ? 0 : Date.parse(`${date}T00:00:00Z`);
  if (date !== undefined && (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date)) {
    throw new HttpError(400, `date must be a calendar date YYYY-MM-DD, got '${date}', which does not exist`);
  }
  return date;
}

function send<S extends z.ZodType>(reply: FastifyReply, status: number, schema: S, body: z.input<S>): FastifyReply {
  return reply.code(status).type("application/json").send(JSON.stringify(schema.parse(body)));
}

function sendError(reply: FastifyReply, request: FastifyRequest, status: number, message: string, valid?: string[]): FastifyReply {
  return send(reply, status, errorSchema, { error: message, request_id: String(request.id), ...(valid ? { valid } : {}) });
}
