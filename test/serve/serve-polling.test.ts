// A server following a checkout that fetches its origin on every poll: a new champion is swapped in, and a
// champion.json that names a tampered model makes the branch 503 (the previous champion is not kept either).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { parseChampion, renderChampion } from "../../src/publish/published-records.js";
import { branchChampionSource } from "../../src/trading/champion-source.js";
import { gitBranchReader } from "../../src/trading/branch-files.js";
import { pipelineModelRuntime } from "../../src/trading/model-runtime.js";
import { branchPriceSource } from "../../src/trading/price-source.js";
import { startServe, type RunningServer } from "../../src/serve/start-serve.js";
import { gitCli } from "../support/temp-repo.js";
import { publishVersion, serveWorld, type ServeWorld } from "./serve-fixture.js";

let world: ServeWorld;
let server: RunningServer;
let checkout: string;
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

beforeAll(async () => {
  world = await serveWorld({ red: ["AAPL"] });
  await publishVersion(world, "red", 'kind = "ridge"\nalpha = 1');
  checkout = join(world.root, "checkout");
  await gitCli(world.root, ["clone", "--quiet", world.remote.url, checkout]);
  server = await startServe({ repository: { dir: checkout, fetch: true }, host: "127.0.0.1", port: 0, pollSeconds: 0.2, logStream: quiet, version: "0.0.0-test" });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await world?.cleanup();
});

async function servedVersion(): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${server.url}/v1/predictions/red/AAPL?date=2018-05-01`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("polling the origin", () => {
  it("serves the same prediction trading computes from the same champion (one model runtime)", async () => {
    const { status, body } = await servedVersion();
    expect(status).toBe(200);
    const read = gitBranchReader(openGitRepo({ dir: checkout }));
    const champion = await branchChampionSource(read, pipelineModelRuntime).load({ team: "red", symbol: "AAPL" });
    const bars = (await branchPriceSource(read, checkout).bars({ team: "red", symbol: "AAPL" })).filter((bar) => bar.date <= "2018-05-01");
    expect(body.predicted_log_return).toBe(await champion.predict(bars));
    expect(body.model.trained_through).toBe(champion.trainedThrough);
  });

  it("swaps in a newly published champion", async () => {
    expect((await servedVersion()).body.model.version).toBe("v1");
    await publishVersion(world, "red", 'kind = "ridge"\nalpha = 300');
    await until(async () => (await servedVersion()).body.model?.version === "v2", "v2 to be served");
  }, 120_000);

  it("keeps the loaded champion object when only another ref changed (no second model load)", async () => {
    const before = server.watcher.current()!;
    const champion = before.served.get("red/AAPL")!.champion;
    expect(champion).toBeDefined();
    await gitCli(world.clone, ["push", "--quiet", "origin", "main:refs/heads/trading"]);
    await until(async () => server.watcher.current()!.revision !== before.revision, "the new ref to be seen");
    expect(server.watcher.current()!.served.get("red/AAPL")!.champion).toBe(champion);
    expect((await servedVersion()).body.model.version).toBe("v2");
  }, 60_000);

  it("answers 503 naming a new champion whose model file does not match lineage.json, and serves neither it nor the old one", async () => {
    const { clone } = world;
    await gitCli(clone, ["checkout", "--quiet", "--detach", "models/red/AAPL/v2"]);
    const ridgeFile = join(clone, "models/AAPL/ridge.json");
    const ridge = JSON.parse(await readFile(ridgeFile, "utf8")) as { coefficients: number[] };
    await writeFile(ridgeFile, JSON.stringify({ ...ridge, coefficients: ridge.coefficients.map((value) => value * 2) }));
    await gitCli(clone, ["commit", "--quiet", "-am", "tampered weights"]);
    await gitCli(clone, ["tag", "models/red/AAPL/v3"]);
    await gitCli(clone, ["push", "--quiet", "origin", "refs/tags/models/red/AAPL/v3"]);
    await gitCli(clone, ["checkout", "--quiet", "red/AAPL"]);
    const championFile = join(clone, "models/AAPL/champion.json");
    const champion = parseChampion(await readFile(championFile, "utf8"), championFile)!;
    await writeFile(championFile, renderChampion({ ...champion, version: 3, tag: "models/red/AAPL/v3" }));
    await gitCli(clone, ["commit", "--quiet", "-am", "champion v3"]);
    await gitCli(clone, ["push", "--quiet", "origin", "red/AAPL"]);
    await until(async () => (await servedVersion()).status === 503, "the tampered champion to be refused");
    const { body } = await servedVersion();
    expect(body.error).toMatch(/^model red\/AAPL v3 \(models\/red\/AAPL\/v3\) is not served: .*ridge\.json: md5 .* does not match/);
    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { failed: string[] };
    expect(ready.failed).toEqual(["red/AAPL v3"]);
  }, 120_000);
});
