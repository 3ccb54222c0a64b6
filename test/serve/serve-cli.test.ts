// `stockops serve` and `stockops feed` as processes: the thin CLI over src/serve.
import { spawn, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedSchema } from "../../src/serve/api-schemas.js";
import { gitCli } from "../support/temp-repo.js";
import { publishVersion, serveWorld, type ServeWorld } from "./serve-fixture.js";

const CLI = resolve(import.meta.dirname, "../../bin/stockops.js");
let world: ServeWorld;
let checkout: string;

beforeAll(async () => {
  world = await serveWorld({ red: ["AAPL"], blue: ["AAPL"] });
  await publishVersion(world, "red", 'kind = "ridge"');
  checkout = join(world.root, "checkout");
  await gitCli(world.root, ["clone", "--quiet", world.remote.url, checkout]);
}, 300_000);

afterAll(async () => {
  await world?.cleanup();
});

describe("stockops serve (process)", () => {
  it("prints its address, serves, writes JSON log lines and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--dir", checkout, "--port", "0", "--poll", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((done, fail) => {
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) done(match[1]!);
      });
      void exited.then((code) => fail(new Error(`exited ${code}: ${stderr}`)));
    });
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const prediction = (await (await fetch(`${url}/v1/predictions/red/AAPL`, { headers: { "x-request-id": "cli-1" } })).json()) as { model: { version: string } };
      expect(prediction.model.version).toBe("v1");
      expect((await fetch(`${url}/v1/predictions/blue/AAPL`)).status).toBe(503);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    const lines = stderr.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((line) => line.reqId === "cli-1" && line.msg === "request completed")).toBe(true);
    // blue/AAPL is in branches.json but was never pushed: logged as not served, with git's reason.
    expect(lines.find((line) => String(line.msg).startsWith("not served: blue/AAPL: "))?.msg).toMatch(/blue\/AAPL not found as a branch/);
  }, 60_000);

  it("refuses a bad flag with exit 2 naming it", () => {
    const result = spawnSync(process.execPath, [CLI, "serve", "--dir", checkout, "--port", "80x"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--port must be a whole number from 0 to 65535, got '80x'/);
  });
});

describe("stockops feed (process)", () => {
  it("writes one feed file per branch and the image labels", async () => {
    const out = join(world.root, "site");
    const labels = join(world.root, "labels.txt");
    const result = spawnSync(process.execPath, [CLI, "feed", "--dir", checkout, "--out", out, "--days", "5", "--labels", labels], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/feed: 2 files \(1 without a served champion\)/);
    const red = feedSchema.parse(JSON.parse(await readFile(join(out, "predictions/red/AAPL.json"), "utf8")));
    expect(red.history.map((prediction) => prediction.date)).toEqual(["2018-05-07", "2018-05-08", "2018-05-09", "2018-05-10", "2018-05-11"]);
    const text = await readFile(labels, "utf8");
    expect(text).toMatch(/^io\.stockops\.champion\.blue\.AAPL=none\nio\.stockops\.champion\.red\.AAPL=v1 models\/red\/AAPL\/v1\nio\.stockops\.champions=[0-9a-f]{32}\n$/);
  }, 120_000);
});
