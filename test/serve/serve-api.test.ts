// Acceptance of issue 18: the real server (Fastify on 127.0.0.1, a random port) serving champions published by
// the real pipeline and publish step to a real git http-backend origin, on the embedded AAPL prices.
import { createRequire } from "node:module";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import { setChampion } from "../../src/tracking/registry.js";
import { predictionSchema } from "../../src/serve/api-schemas.js";
import { readPredictionLog } from "../../src/serve/prediction-log.js";
import { startServe, type RunningServer } from "../../src/serve/start-serve.js";
import { signWebhookBody } from "../../src/serve/webhook-signature.js";
import { gitCli } from "../support/temp-repo.js";
import { publishVersion, serveWorld, type ServeWorld } from "./serve-fixture.js";

const SECRET = "serve-test-webhook-secret";
const require = createRequire(import.meta.url);

let world: ServeWorld;
let server: RunningServer;
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  },
});

/** The push example of @octokit/webhooks-examples (api.github.com), with its ref pointed at the branch pushed. */
function pushPayload(ref: string): string {
  const definitions = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];
  const example = structuredClone(definitions.find((definition) => definition.name === "push")!.examples[0]!);
  return JSON.stringify({ ...example, ref });
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  world = await serveWorld();
  await publishVersion(world, "red", 'kind = "ridge"\nalpha = 1');
  await publishVersion(world, "red", 'kind = "ridge"\nalpha = 300');
  // Back to v1 by hand (a rollback), so the test can move the champion to v2 while the server is under load.
  await setChampion({ repo: openGitRepo({ dir: world.clone }), team: "red", symbol: "AAPL", version: 1, reason: "test rollback", now: new Date("2026-02-01T00:00:00Z"), logger: silentLogger });
  await publishVersion(world, "blue", 'kind = "ridge"\nalpha = 1');
  // Tamper with blue's published model: same lineage.json, one weight changed, and the version tag moved onto it.
  await gitCli(world.clone, ["checkout", "--quiet", "--detach", "models/blue/AAPL/v1"]);
  const ridgeFile = join(world.clone, "models/AAPL/ridge.json");
  const ridge = JSON.parse(await readFile(ridgeFile, "utf8")) as { intercept: number };
  await writeFile(ridgeFile, JSON.stringify({ ...ridge, intercept: ridge.intercept + 0.05 }));
  await gitCli(world.clone, ["commit", "--quiet", "-am", "tampered weights"]);
  await gitCli(world.clone, ["tag", "--force", "models/blue/AAPL/v1"]);
  await gitCli(world.clone, ["push", "--quiet", "--force", "origin", "refs/tags/models/blue/AAPL/v1"]);
  server = await startServe({
    repository: { dir: join(world.root, "served"), origin: world.remote.url },
    host: "127.0.0.1",
    port: 0,
    pollSeconds: 0,
    logDir: join(world.root, "prediction-log"),
    webhookSecret: SECRET,
    logStream,
    version: "0.0.0-test",
  });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await world?.cleanup();
});

describe("stockops serve on 127.0.0.1", () => {
  it("answers /healthz and /readyz, naming the champion that is not served", async () => {
    expect(await get("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, serving: 1, failed: ["blue/AAPL v1"] });
  });

  it("serves red's champion for the latest trading day, with its model, data version and features", async () => {
    const { status, headers, body } = await get("/v1/predictions/red/AAPL", { "x-request-id": "req-latest-1" });
    expect(status).toBe(200);
    expect(headers.get("x-request-id")).toBe("req-latest-1");
    const prediction = predictionSchema.parse(body);
    expect(prediction).toMatchObject({ team: "red", symbol: "AAPL", date: "2018-05-11", horizon: 1, model: { version: "v1", tag: "models/red/AAPL/v1", kind: "ridge" } });
    expect(prediction.predicted_close).toBeCloseTo(prediction.close * Math.exp(prediction.predicted_log_return), 10);
    expect(prediction.after_trained_through).toBe(prediction.date > prediction.model.trained_through);
    expect(prediction.after_trained_through).toBe(true);
    expect(prediction.data_version).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(prediction.features)).toContain("ret_lag_1");
    // ret_lag_1 is the log return into the day: AAPL closed 190.039993 on 2018-05-10 and 188.589996 on 2018-05-11 (aapl.csv).
    expect(prediction.features.ret_lag_1).toBeCloseTo(Math.log(188.589996 / 190.039993), 6);
  });

  it("serves a past date, flagging one inside the training span", async () => {
    const early = await get("/v1/predictions/red/AAPL?date=2015-06-01");
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ date: "2015-06-01", after_trained_through: false });
  });

  it("lists the champions and the registry of versions", async () => {
    const champions = await get("/v1/champions");
    expect(champions.status).toBe(200);
    expect(champions.body.champions.map((c: any) => [c.branch, c.status, c.model?.version ?? null])).toEqual([
      ["blue/AAPL", "failed", null],
      ["red/AAPL", "serving", "v1"],
    ]);
    const versions = await get("/v1/models/red/AAPL/versions");
    expect(versions.status).toBe(200);
    expect(versions.body.versions.map((v: any) => [v.version, v.tag, v.champion])).toEqual([
      [1, "models/red/AAPL/v1", true],
      [2, "models/red/AAPL/v2", false],
    ]);
  });

  it("refuses the tampered model with 503 naming it and its md5 mismatch, and never serves it", async () => {
    const { status, body } = await get("/v1/predictions/blue/AAPL");
    expect(status).toBe(503);
    expect(body.error).toMatch(/^model blue\/AAPL v1 \(models\/blue\/AAPL\/v1\) is not served: .*models\/AAPL\/ridge\.json: md5 [0-9a-f]{32} does not match [0-9a-f]{32} recorded in lineage\.json/);
    expect((await get("/v1/predictions/blue/AAPL?date=2018-05-10")).status).toBe(503);
    const served = await readServedLog();
    expect(served.filter((line) => line.branch === "blue/AAPL")).toEqual([]);
  });

  it("answers bad requests with their 4xx and a message, never a stack trace", async () => {
    const team = await get("/v1/predictions/green/AAPL");
    expect(team).toMatchObject({ status: 404, body: { valid: ["blue", "red"] } });
    expect(team.body.error).toMatch(/unknown team 'green'; valid teams: blue, red/);
    const symbol = await get("/v1/predictions/red/MSFT");
    expect(symbol).toMatchObject({ status: 404, body: { valid: ["AAPL"] } });
    for (const date of ["2018-5-11", "yesterday", "2018-02-30"]) {
      const bad = await get(`/v1/predictions/red/AAPL?date=${date}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/YYYY-MM-DD/);
    }
    expect((await get("/v1/predictions/red/AAPL?date=2018-05-12")).status).toBe(404);
    expect((await get("/v1/predictions/red/AAPL?when=2018-05-11")).status).toBe(400);
    expect((await get("/v1/nothing")).status).toBe(404);
    const unsigned = await fetch(`${server.url}/v1/webhooks/github`, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "push" }, body: "{}" });
    expect(unsigned.status).toBe(401);
    for (const line of logLines) expect(line).not.toMatch(/"stack"/);
  });

  it("publishes an OpenAPI 3.1 document that validates", async () => {
    const { status, body } = await get("/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(body.components.schemas.Prediction.required).toContain("predicted_log_return");
  });

  it("picks up a champion change from a signed push webhook while a load loop runs, with 0 failed requests", async () => {
    const seen: string[][] = [[], [], [], []];
    const failures: string[] = [];
    let stop = false;
    const worker = async (index: number) => {
      for (let i = 0; i < 2_000 && !stop; i++) {
        const response = await fetch(`${server.url}/v1/predictions/red/AAPL`).catch((error: Error) => error);
        if (response instanceof Error || response.status !== 200) {
          failures.push(response instanceof Error ? response.message : String(response.status));
          continue;
        }
        const version = ((await response.json()) as { model: { version: string } }).model.version;
        if (seen[index]!.at(-1) !== version) seen[index]!.push(version);
      }
    };
    const loops = seen.map((_, index) => worker(index));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await setChampion({ repo: openGitRepo({ dir: world.clone }), team: "red", symbol: "AAPL", version: 2, reason: "test promotion", now: new Date("2026-02-02T00:00:00Z"), logger: silentLogger });
    const body = pushPayload("refs/heads/red/AAPL");
    const hook = await fetch(`${server.url}/v1/webhooks/github`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": "test-delivery-1", "x-hub-signature-256": signWebhookBody(SECRET, Buffer.from(body)) },
      body,
    });
    expect(hook.status).toBe(202);
    expect(await hook.json()).toEqual({ accepted: true, event: "push", refresh: true });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !seen.every((versions) => versions.at(-1) === "v2")) await new Promise((resolve) => setTimeout(resolve, 100));
    stop = true;
    await Promise.all(loops);
    expect(failures).toEqual([]);
    for (const versions of seen) expect(versions).toEqual(["v1", "v2"]);
    const champions = await get("/v1/champions");
    expect(champions.body.champions.find((c: any) => c.branch === "red/AAPL").model.version).toBe("v2");
  }, 120_000);

  it("logs every served prediction as a JSON line with its request id, model version and data version", async () => {
    await get("/v1/predictions/red/AAPL?date=2018-05-10", { "x-request-id": "req-log-check" });
    const served = await readServedLog();
    const line = served.find((entry) => entry.request_id === "req-log-check");
    expect(line).toMatchObject({ branch: "red/AAPL", date: "2018-05-10", model_version: "v2", model_tag: "models/red/AAPL/v2" });
    expect(line!.data_version).toMatch(/^[0-9a-f]{32}$/);
    expect(served.find((entry) => entry.request_id === "req-latest-1")).toMatchObject({ model_version: "v1", date: "2018-05-11" });
    const requestLogs = logLines.map((text) => JSON.parse(text) as Record<string, unknown>).filter((entry) => entry.reqId === "req-log-check");
    expect(requestLogs.length).toBeGreaterThanOrEqual(2);
  });
});

async function readServedLog() {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return readPredictionLog(join(world.root, "prediction-log"));
}

describe("stockops monitor --prediction-log", () => {
  it("scores the served predictions against the realized next close, as it does for the ledger", async () => {
    const { runMonitorForCheckout } = await import("../../src/monitor/run-monitor-for-checkout.js");
    const bars = (await (await fetch(`${server.url}/v1/champions`)).json()) as { champions: { branch: string; latest_date: string }[] };
    expect(bars.champions.find((c) => c.branch === "red/AAPL")!.latest_date).toBe("2018-05-11");
    // The last 12 trading days of aapl.csv before its final day (each has a next close to score against), asked twice.
    const dates = ["2018-04-25", "2018-04-26", "2018-04-27", "2018-04-30", "2018-05-01", "2018-05-02", "2018-05-03", "2018-05-04", "2018-05-07", "2018-05-08", "2018-05-09", "2018-05-10"];
    const served = new Map<string, number>();
    for (const date of [...dates, ...dates]) served.set(date, (await get(`/v1/predictions/red/AAPL?date=${date}`)).body.predicted_log_return as number);
    await readServedLog();
    const checkout = join(world.root, "monitor-checkout");
    await gitCli(world.root, ["clone", "--quiet", world.remote.url, checkout]);
    const summary = await runMonitorForCheckout({ dir: checkout, env: {}, predictionLogDir: join(world.root, "prediction-log"), only: ["red/AAPL"], dryRun: true, logger: silentLogger });
    const decay = summary.measurements[0]!.decay!;
    expect(decay.model_version).toBe("v2");
    expect(decay.predictions.map((p) => p.date)).toEqual(dates.slice(-20));
    for (const scored of decay.predictions) expect(scored.predicted).toBe(served.get(scored.date));
    const last = decay.predictions.at(-1)!;
    expect(last.close).toBeCloseTo(190.039993, 6);
    expect(last.realized).toBeCloseTo(Math.log(188.589996 / 190.039993), 9);
  }, 120_000);
});
