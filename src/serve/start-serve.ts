import type { Writable } from "node:stream";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { pipelineModelRuntime } from "../trading/model-runtime.js";
import type { ModelRuntime } from "../trading/champion-source.js";
import { championWatcher, type ChampionWatcher } from "./champion-watcher.js";
import { createServer } from "./create-server.js";
import { openPredictionLog, type PredictionLog } from "./prediction-log.js";
import { serveRepository, type ServeRepositoryOptions } from "./serve-repository.js";

export interface StartServeOptions {
  repository: ServeRepositoryOptions;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Seconds between checks for changed champions; 0 turns polling off (a webhook can still trigger one). */
  pollSeconds: number;
  logDir?: string;
  webhookSecret?: string;
  logStream: Writable;
  logLevel?: string;
  version: string;
  runtime?: ModelRuntime;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  watcher: ChampionWatcher;
  /** Stops polling, lets in-flight requests finish, closes the prediction log. */
  close(): Promise<void>;
}

/** Listens first (so /healthz and /readyz answer while models load), then loads the champions and starts polling. */
export async function startServe(options: StartServeOptions): Promise<RunningServer> {
  const repository = serveRepository(options.repository);
  // The watcher and the prediction log report through the server's logger, which exists only once the server does.
  const sink: { log?: FastifyBaseLogger } = {};
  let predictionLog: PredictionLog | undefined;
  if (options.logDir) predictionLog = await openPredictionLog(options.logDir, (error) => sink.log?.error({ err: error }, "prediction log write failed"));
  const log = { info: (fields: Record<string, unknown>, message: string) => sink.log?.info(fields, message), warn: (fields: Record<string, unknown>, message: string) => sink.log?.warn(fields, message) };
  const watcher = championWatcher({ repository, runtime: options.runtime ?? pipelineModelRuntime, log });
  const app = createServer({
    watcher,
    logStream: options.logStream,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(predictionLog ? { predictionLog } : {}),
    ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
    version: options.version,
  });
  sink.log = app.log;
  const url = await app.listen({ host: options.host, port: options.port });
  await watcher.check("start");
  watcher.start(options.pollSeconds * 1000);
  return {
    url,
    app,
    watcher,
    async close() {
      watcher.stop();
      await app.close();
      await predictionLog?.close();
    },
  };
}
