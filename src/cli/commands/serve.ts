import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { Command, ParsedArgs } from "../command.js";

const text = (args: ParsedArgs, name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);

function whole(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const given = text(args, name);
  const value = given === undefined ? fallback : Number(given);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${given}'`, { field: name });
  return value;
}

function repositoryOptions(args: ParsedArgs, cwd: string, env: NodeJS.ProcessEnv) {
  const origin = text(args, "origin");
  const dir = resolve(cwd, text(args, "dir") ?? (origin ? ".stockops/serve/repo" : "."));
  const pricesDir = text(args, "prices-dir");
  return {
    dir,
    ...(origin ? { origin } : {}),
    ...(args.values.fetch ? { fetch: true } : {}),
    ...(pricesDir ? { pricesDir: resolve(cwd, pricesDir) } : {}),
    ...(env.GITHUB_TOKEN ? { token: env.GITHUB_TOKEN } : {}),
  };
}

const repositoryFlags = {
  dir: { type: "string", description: "Checkout of main to read (with --origin: where the clone is kept, default .stockops/serve/repo)", valueName: "DIR" },
  origin: { type: "string", description: "Clone this repository URL and follow it (fetch on every check)", valueName: "URL" },
  fetch: { type: "boolean", description: "With a checkout: fetch its origin on every check" },
  "prices-dir": { type: "string", description: "Read prices from DIR/<SYMBOL>.csv instead of each branch's [data]", valueName: "DIR" },
} as const;

const serve: Command = {
  name: "serve",
  summary: "Serve the champions' predictions over HTTP (OpenAPI at /openapi.json), hot-swapping changed champions",
  usage: "[--dir DIR | --origin URL] [--host H] [--port N] [--poll SECONDS] [--log DIR] [--fetch] [--prices-dir DIR]",
  options: {
    ...repositoryFlags,
    host: { type: "string", description: "Address to listen on", default: "127.0.0.1", valueName: "HOST" },
    port: { type: "string", description: "Port (0: a free one, printed)", default: "8080", valueName: "N" },
    poll: { type: "string", description: "Seconds between checks for changed champions (0: only on a webhook)", default: "60", valueName: "SECONDS" },
    log: { type: "string", description: "Append every served prediction to DIR/<YYYY-MM-DD>.jsonl (read by stockops monitor --prediction-log)", valueName: "DIR" },
    "log-level": { type: "string", description: "Server log level (JSON lines on stderr)", default: "info", valueName: "LEVEL" },
  },
  details: `Endpoints: GET /v1/predictions/{team}/{symbol}?date=YYYY-MM-DD, /v1/champions,
/v1/models/{team}/{symbol}/versions, /healthz, /readyz, /openapi.json; POST /v1/webhooks/github when
STOCKOPS_WEBHOOK_SECRET is set (a push with a valid X-Hub-Signature-256 reloads the champions now).
Champions are read at their tags with every model file's md5 checked against lineage.json; one that fails is
answered with 503 and never served. Runs until SIGINT or SIGTERM, finishing requests in flight.

Example: stockops serve --dir . --port 8080 --log logs/predictions`,
  async run(args, context) {
    const { startServe } = await import("../../serve/start-serve.js");
    const logDir = text(args, "log");
    const server = await startServe({
      repository: repositoryOptions(args, context.cwd, context.env),
      host: text(args, "host") ?? "127.0.0.1",
      port: whole(args, "port", 8080, 0, 65_535),
      pollSeconds: whole(args, "poll", 60, 0, 86_400),
      ...(logDir ? { logDir: resolve(context.cwd, logDir) } : {}),
      ...(context.env.STOCKOPS_WEBHOOK_SECRET ? { webhookSecret: context.env.STOCKOPS_WEBHOOK_SECRET } : {}),
      logStream: process.stderr,
      logLevel: text(args, "log-level") ?? "info",
      version: packageVersion(),
    });
    context.out(`serving on ${server.url}`);
    await new Promise<void>((done) => {
      const stop = () => void server.close().then(done);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return 0;
  },
};

const feed: Command = {
  name: "feed",
  summary: "Write the static predictions feed predictions/<team>/<SYMBOL>.json (latest and history, the API's schema)",
  usage: "[--out DIR] [--days N] [--labels FILE] [--dir DIR | --origin URL] [--prices-dir DIR]",
  options: {
    ...repositoryFlags,
    out: { type: "string", description: "Site folder; files go to DIR/predictions/", default: "site", valueName: "DIR" },
    days: { type: "string", description: "Trading days of history (after trained_through) in each file", default: "60", valueName: "N" },
    labels: { type: "string", description: "Also write the serve image's OCI labels naming each champion (key=value lines) to FILE", valueName: "FILE" },
  },
  details: `The dashboard workflow publishes it to GitHub Pages beside the dashboard, so a front-end can read
predictions with no server. Example: stockops feed --out site --days 20`,
  async run(args, context) {
    const [{ serveRepository }, { loadChampionSet }, { writeStaticFeed }, { championLabels }, { pipelineModelRuntime }] = await Promise.all([
      import("../../serve/serve-repository.js"),
      import("../../serve/champion-set.js"),
      import("../../serve/static-feed.js"),
      import("../../serve/image-labels.js"),
      import("../../trading/model-runtime.js"),
    ]);
    const repository = serveRepository(repositoryOptions(args, context.cwd, context.env));
    await repository.refresh();
    const now = new Date();
    const set = await loadChampionSet({ ...(await repository.snapshot()), runtime: pipelineModelRuntime, now });
    const out = resolve(context.cwd, text(args, "out") ?? "site");
    const written = await writeStaticFeed(set, out, { days: whole(args, "days", 60, 1, 10_000), now });
    const failed = [...set.served.values()].filter((entry) => !entry.champion);
    for (const entry of failed) context.logger.warn(`${entry.branch}: not served: ${entry.error}`);
    const labelsFile = text(args, "labels");
    if (labelsFile) await writeFile(resolve(context.cwd, labelsFile), `${championLabels(set).labels.join("\n")}\n`);
    context.out(`feed: ${written.length} files (${failed.length} without a served champion) → ${resolve(out, "predictions")}`);
    return 0;
  },
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export default [serve, feed];
