import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { loadCommands } from "../../src/cli/commands/index.js";
import { addData } from "../../src/dvc/add.js";
import { md5Hex, parseManifest } from "../../src/dvc/dir-manifest.js";
import { parseDvcFile } from "../../src/dvc/dvc-file.js";
import { objectKey } from "../../src/dvc/object-cache.js";
import { providerFor } from "../../src/dvc/update/providers.js";
import { httpFetchText } from "../../src/dvc/update/provider.js";
import { YahooProvider } from "../../src/dvc/update/yahoo.js";
import { updateData } from "../../src/dvc/update/update-data.js";
import { DataError, RemoteError } from "../../src/errors.js";
import { snapshot, tempRepo, PRICES_HEADER } from "./helpers.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "dvc");
// Three days before the recorded payload; 2023-09-29's close is the payload's chartPreviousClose.
const GS = `${PRICES_HEADER}2023-09-27,326.200012,328.559998,322.609985,324.600006,324.600006,1617500\n2023-09-28,323.619995,327.920013,322.600006,326.429993,326.429993,1633900\n2023-09-29,328.209991,329.100006,322.549988,323.570007,323.570007,2178400\n`;
const MSFT = `${PRICES_HEADER}2023-09-29,316.279999,318.369995,312.869995,315.750000,313.640015,28218200\n`;

let server: Server;
let baseUrl: string;
const requests: string[] = [];
const routes = new Map<string, { type: string; body: string }>();
let flaky = 0;

beforeAll(async () => {
  const yahoo = await readFile(join(FIXTURES, "yahoo-chart-GS-2023-10.json"), "utf8");
  routes.set("/v8/finance/chart/GS", { type: "application/json", body: yahoo });
  const broken = JSON.parse(yahoo);
  broken.chart.result[0].indicators.quote[0].high[3] = 300; // below that day's low 304.21: breaks high ≥ low
  routes.set("/v8/finance/chart/BAD", { type: "application/json", body: JSON.stringify(broken) });
  routes.set("/v8/finance/chart/FLAKY", { type: "application/json", body: yahoo });
  routes.set("/v8/finance/chart/NOPE", {
    type: "application/json",
    body: '{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}',
  });
  routes.set("/q/d/l/?s=gs.us", { type: "text/csv", body: await readFile(join(FIXTURES, "stooq-gs.us-2023-10.csv"), "utf8") });
  routes.set("/q/d/l/?s=msft.us", { type: "text/html", body: "<!DOCTYPE html><html><script>const c=\"AAAA\",d=4;</script></html>" });
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url?.startsWith("/v8/finance/chart/FLAKY") && flaky-- > 0) {
      res.writeHead(flaky === 1 ? 503 : 429, { "content-type": "text/plain" });
      res.end("Too Many Requests");
      return;
    }
    const key = [...routes.keys()].find((prefix) => (req.url ?? "").startsWith(prefix));
    const route = key ? routes.get(key)! : undefined;
    res.writeHead(route ? 200 : 404, { "content-type": route?.type ?? "text/plain" });
    res.end(route?.body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

async function trackedRepo(files: Record<string, string> = { "data/GS.csv": GS, "data/MSFT.csv": MSFT }) {
  const repo = await tempRepo(files);
  await addData(repo, "data");
  return repo;
}

const env = () => ({ STOCKOPS_YAHOO_URL: baseUrl, STOCKOPS_STOOQ_URL: baseUrl });

async function manifestOf(repo: string) {
  const out = parseDvcFile(await readFile(join(repo, "data.dvc"), "utf8"), "data.dvc").outs[0]!;
  const path = join(repo, ".dvc/cache", objectKey(out.md5));
  return { out, entries: parseManifest(await readFile(path), path) };
}

describe("stockops data update (providers replayed from a local HTTP server)", () => {
  it("appends only the new Yahoo rows up to --to, and data.dvc changes by exactly that content", async () => {
    const repo = await trackedRepo();
    const before = await manifestOf(repo);
    requests.length = 0;
    const result = await updateData(repo, { provider: providerFor("yahoo", env()), symbols: ["GS"], to: "2023-10-06" });
    expect(requests).toEqual(["/v8/finance/chart/GS?period1=1696032000&period2=1696636800&interval=1d&events=history&includeAdjustedClose=true"]);
    expect(result.symbols).toEqual([{ symbol: "GS", file: "data/GS.csv", appended: 5, firstNew: "2023-10-02", lastNew: "2023-10-06", warnings: [] }]);
    const appended =
      "2023-10-02,322.029999,323.579987,317.100006,318.500000,318.500000,1303800\n" +
      "2023-10-03,315.269989,315.679993,304.390015,306.119995,306.119995,3118600\n" +
      "2023-10-04,304.850006,309.059998,303.480011,308.600006,308.600006,1872000\n" +
      "2023-10-05,307.359985,310.549988,304.209991,310.500000,310.500000,1584600\n" +
      "2023-10-06,308.109985,315.320007,307.170013,312.480011,312.480011,1595100\n";
    expect(await readFile(join(repo, "data/GS.csv"), "utf8")).toBe(GS + appended);

    const after = await manifestOf(repo);
    expect(after.out.md5).not.toBe(before.out.md5);
    expect(after.out.md5).toBe(result.added!.out.md5);
    expect(after.out.size).toBe(before.out.size! + appended.length);
    expect(after.out.nfiles).toBe(before.out.nfiles);
    expect(after.entries).toEqual(before.entries.map((entry) => (entry.relpath === "GS.csv" ? { ...entry, md5: md5Hex(GS + appended) } : entry)));

    const again = await updateData(repo, { provider: providerFor("yahoo", env()), symbols: ["GS"], to: "2023-10-09" });
    expect(again.symbols[0]).toMatchObject({ appended: 1, firstNew: "2023-10-09", lastNew: "2023-10-09" });
    expect(requests.at(-1)).toContain("period1=1696636800&");
    const unchanged = await snapshot(repo);
    const none = await updateData(repo, { provider: providerFor("yahoo", env()), symbols: ["GS"], to: "2023-10-09" });
    expect(none).toEqual({ symbols: [{ symbol: "GS", file: "data/GS.csv", appended: 0, warnings: [] }] });
    expect(await snapshot(repo)).toEqual(unchanged);
  });

  it("an invalid new row aborts the whole update: no file, cache object or data.dvc changes", async () => {
    const repo = await trackedRepo({ "data/GS.csv": GS, "data/BAD.csv": GS });
    const before = await snapshot(repo);
    const error = await updateData(repo, { provider: providerFor("yahoo", env()), symbols: ["GS", "BAD"], to: "2023-10-06" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/data\/BAD\.csv with 5 new row\(s\) from yahoo appended, line 8, field 'High': high 300 is below low 304\.209991/);
    expect(await snapshot(repo)).toEqual(before);
  });

  it("a provider error is a RemoteError and changes nothing", async () => {
    const repo = await trackedRepo();
    const before = await snapshot(repo);
    await expect(updateData(repo, { provider: providerFor("yahoo", env()), symbols: ["NOPE"], to: "2023-10-06" })).rejects.toThrow(
      /Yahoo Finance: NOPE: Not Found: No data found/,
    );
    await expect(updateData(repo, { provider: providerFor("stooq", env()), symbols: ["MSFT"], to: "2023-10-06" })).rejects.toThrow(RemoteError);
    expect(await snapshot(repo)).toEqual(before);
  });

  it("retries a throttled (429) or failing (503) provider with backoff, then gives up with the status", async () => {
    flaky = 2;
    const patient = new YahooProvider(baseUrl, httpFetchText("Yahoo Finance", { retries: 2, delayMs: 5 }));
    expect(await patient.fetchRows("FLAKY", { from: "2023-10-02", to: "2023-10-06" })).toHaveLength(6);
    flaky = 2;
    const impatient = new YahooProvider(baseUrl, httpFetchText("Yahoo Finance", { retries: 0 }));
    await expect(impatient.fetchRows("FLAKY", { from: "2023-10-02", to: "2023-10-06" })).rejects.toThrow(/Yahoo Finance answered HTTP 503 .*Too Many Requests/);
    flaky = 0;
  });

  it("reads Stooq's CSV (d1/d2 range, .us suffix) and fills Adj Close with Close", async () => {
    const repo = await trackedRepo();
    requests.length = 0;
    const result = await updateData(repo, { provider: providerFor("stooq", env()), symbols: ["GS"], to: "2023-10-03" });
    expect(requests).toEqual(["/q/d/l/?s=gs.us&i=d&d1=20230930&d2=20231003"]);
    expect(result.symbols[0]!.appended).toBe(2);
    expect(await readFile(join(repo, "data/GS.csv"), "utf8")).toBe(
      `${GS}2023-10-02,322.03,323.58,317.1,318.5,318.5,1303800\n2023-10-03,315.27,315.68,304.39,306.12,306.12,3118600\n`,
    );
  });

  it("reads Yahoo-layout CSV files from a {symbol} path template, keeping only rows after the last date", async () => {
    const incoming = await tempRepo({
      "GS.csv": `${PRICES_HEADER}2023-09-29,328.209991,329.100006,322.549988,323.570007,323.570007,2178400\n2023-10-02,322.029999,323.579987,317.100006,318.500000,318.500000,1303800\n`,
    });
    const repo = await trackedRepo();
    const result = await updateData(repo, { provider: providerFor("csv", {}, join(incoming, "{symbol}.csv")), symbols: ["GS"], to: "2023-12-31" });
    expect(result.symbols[0]).toMatchObject({ appended: 1, firstNew: "2023-10-02" });
    expect(await readFile(join(repo, "data/GS.csv"), "utf8")).toBe(`${GS}2023-10-02,322.029999,323.579987,317.100006,318.500000,318.500000,1303800\n`);
    expect(() => providerFor("csv", {})).toThrow(/--source csv needs --input TEMPLATE/);
    expect(() => providerFor("bloomberg", {})).toThrow(/expected one of yahoo, stooq, csv/);
  });

  it("runs from the CLI: update, then status and verify see the new version", async () => {
    const repo = await trackedRepo();
    const out: string[] = [];
    const commands = await loadCommands();
    const context = { out: (text: string) => out.push(text), env: env(), cwd: repo };
    expect(await runCli(["data", "update", "--source", "yahoo", "--symbols", "GS", "--to", "2023-10-06"], commands, context)).toBe(0);
    expect(out.join("\n")).toMatch(/data\/GS\.csv: \+5 row\(s\), 2023-10-02 to 2023-10-06\ndata\.dvc: [0-9a-f]{32}\.dir → [0-9a-f]{32}\.dir/);
    out.length = 0;
    expect(await runCli(["data", "status", "--offline"], commands, context)).toBe(0);
    expect(out.join("\n")).toContain("data (folder, DVC 3): workspace unchanged\n  cache: complete");
    out.length = 0;
    expect(await runCli(["data", "verify", "--json"], commands, context)).toBe(0);
    expect(JSON.parse(out.join("\n"))).toMatchObject({ filesHashed: 2, objectsHashed: 3, missingInCache: [] });
  });
});
