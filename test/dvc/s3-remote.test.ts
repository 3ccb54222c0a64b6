import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import aws4 from "aws4";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addData } from "../../src/dvc/add.js";
import { md5Hex } from "../../src/dvc/dir-manifest.js";
import { readDvcConfig, resolveRemote } from "../../src/dvc/dvc-config.js";
import { openRemote } from "../../src/dvc/remote.js";
import { dataStatus } from "../../src/dvc/status.js";
import { pullData, pushData } from "../../src/dvc/transfer.js";
import { RemoteError } from "../../src/errors.js";
import { snapshot, tempRepo, PRICES_HEADER } from "./helpers.js";
import { startSigV4Proxy } from "./sigv4-proxy.js";

const GOOD = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };
const AAPL = `${PRICES_HEADER}2024-01-02,187.15,188.44,183.89,185.64,184.94,82488700\n`;
const IBM = `${PRICES_HEADER}2024-01-02,162.83,163.29,160.61,161.50,156.42,3825000\n`;

let s3: S3rver;
let proxy: { url: string; server: Server; rejected: number };
let storeDir: string;

beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), "stockops-s3rver-"));
  s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: storeDir, configureBuckets: [{ name: "prices" }] });
  const { port } = await s3.run();
  proxy = await startSigV4Proxy({ port }, new Map([["S3RVER", "S3RVER"]]));
});

afterAll(async () => {
  await new Promise((resolve) => proxy.server.close(resolve));
  await s3.close();
  await rm(storeDir, { recursive: true, force: true });
});

async function repoWithS3(prefix: string) {
  const repo = await tempRepo({
    "data/AAPL.csv": AAPL,
    "data/IBM.csv": IBM,
    ".dvc/config": `[core]\n    remote = minio\n['remote "minio"']\n    url = s3://prices/${prefix}\n    endpointurl = ${proxy.url}\n`,
  });
  return repo;
}

const remoteFor = async (repo: string, env: NodeJS.ProcessEnv) => openRemote(resolveRemote(await readDvcConfig(repo), repo), env);

describe("S3-compatible remote (s3rver on 127.0.0.1 behind a SigV4-checking proxy)", () => {
  it("signs like AWS's published SigV4 example (GET ?lifecycle, examplebucket, 20130524)", () => {
    const signed = aws4.sign(
      { host: "examplebucket.s3.amazonaws.com", path: "/?lifecycle", method: "GET", service: "s3", region: "us-east-1", headers: { "X-Amz-Date": "20130524T000000Z" } },
      { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    );
    expect(signed.headers?.Authorization).toContain("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  });

  it("pushes, then pulls identical bytes into a clean clone, with signed requests", async () => {
    const repo = await repoWithS3("team/stockops");
    const before = await snapshot(join(repo, "data"));
    const { out } = await addData(repo, "data");
    const remote = await remoteFor(repo, GOOD);
    expect(remote.description).toBe("s3 remote 'minio' (s3://prices/team/stockops)");
    expect((await dataStatus(repo, { remote })).outs[0]!.missingInRemote).toHaveLength(3);
    const pushed = await pushData(repo, remote);
    expect(pushed.transferred).toEqual([md5Hex(AAPL), md5Hex(IBM), out.md5]);
    expect((await dataStatus(repo, { remote })).outs[0]!.missingInRemote).toEqual([]);
    expect((await remote.get(md5Hex(IBM)))?.toString()).toBe(IBM);

    await rm(join(repo, "data"), { recursive: true });
    await rm(join(repo, ".dvc/cache"), { recursive: true });
    const pulled = await pullData(repo, remote);
    expect(pulled.transferred).toHaveLength(3);
    expect(await snapshot(join(repo, "data"))).toEqual(before);
  });

  it("a wrong secret gives a clear authentication error and writes nothing", async () => {
    const repo = await repoWithS3("wrong-secret");
    await addData(repo, "data");
    const rejectedBefore = proxy.rejected;
    const bad = await remoteFor(repo, { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "not-the-secret" });
    const error = await pushData(repo, bad).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).message).toMatch(/s3 remote 'minio' \(s3:\/\/prices\/wrong-secret\) refused the credentials.*SignatureDoesNotMatch/);
    expect((error as RemoteError).hint).toContain("AWS_SECRET_ACCESS_KEY");
    expect(proxy.rejected).toBeGreaterThan(rejectedBefore);
    const good = await remoteFor(repo, GOOD);
    const status = (await dataStatus(repo, { remote: good })).outs[0]!;
    expect(status.missingInRemote).toHaveLength(3);
  });

  it("an unknown access key is refused by name; missing credentials are asked for", async () => {
    const repo = await repoWithS3("unknown-key");
    await addData(repo, "data");
    const unknown = await remoteFor(repo, { AWS_ACCESS_KEY_ID: "NOBODY", AWS_SECRET_ACCESS_KEY: "x" });
    await expect(pushData(repo, unknown)).rejects.toThrow(/refused the credentials.*InvalidAccessKeyId/);
    await expect(remoteFor(repo, {})).rejects.toThrow(/needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });
});
