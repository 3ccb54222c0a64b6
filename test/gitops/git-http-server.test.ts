import * as fs from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import git from "isomorphic-git";
import http from "isomorphic-git/http/node";
import { listBranches, listTags, readFileAtRef, readTextAtRef } from "../../src/gitops/read-file-at-ref.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function remote(files: Record<string, string>, options: Parameters<typeof createTempRemote>[1] = {}): Promise<TempRemote> {
  const created = await createTempRemote(files, options);
  cleanups.push(created.cleanup);
  return created;
}

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("git http server (real git http-backend over 127.0.0.1)", () => {
  it("serves clone and push to the git CLI", async () => {
    const origin = await remote({ "README.md": "hello\n" }, { branches: ["red/AAPL"] });
    expect(origin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/origin\.git$/);
    const work = await tempDir();
    await gitCli(work, ["clone", "--quiet", "--branch", "red/AAPL", origin.url, "clone"]);
    const clone = join(work, "clone");
    expect(await readFile(join(clone, "README.md"), "utf8")).toBe("hello\n");

    await writeFile(join(clone, "stockops.toml"), 'team = "red"\nsymbol = "AAPL"\n');
    await gitCli(clone, ["add", "stockops.toml"]);
    await gitCli(clone, ["commit", "--quiet", "-m", "config"]);
    await gitCli(clone, ["tag", "models/red/AAPL/v1"]);
    await gitCli(clone, ["push", "--quiet", "origin", "red/AAPL", "models/red/AAPL/v1"]);

    const pushed = await gitCli(origin.bareDir, ["rev-parse", "refs/heads/red/AAPL"]);
    expect(pushed).toBe(await gitCli(clone, ["rev-parse", "HEAD"]));
    expect(await gitCli(origin.bareDir, ["show", "red/AAPL:stockops.toml"])).toContain('symbol = "AAPL"');
    expect(await gitCli(origin.bareDir, ["tag", "--list"])).toBe("models/red/AAPL/v1");
  });

  it("serves clone and push to isomorphic-git, and the git CLI sees the result", async () => {
    const origin = await remote({ "README.md": "hello\n", "models/AAPL/metrics.json": '{"mae":1}\n' }, { branches: ["blue/SPX"] });
    const dir = await tempDir();
    await git.clone({ fs, http, dir, url: origin.url, ref: "blue/SPX", singleBranch: true });
    expect(await readTextAtRef({ fs, dir, ref: "blue/SPX", filepath: "models/AAPL/metrics.json" })).toBe('{"mae":1}\n');

    await writeFile(join(dir, "stockops.toml"), 'team = "blue"\nsymbol = "SPX"\n');
    await git.add({ fs, dir, filepath: "stockops.toml" });
    const oid = await git.commit({ fs, dir, message: "config", author: { name: "Bot", email: "bot@example.com" } });
    await git.push({ fs, http, dir, remote: "origin", ref: "blue/SPX" });

    expect(await gitCli(origin.bareDir, ["rev-parse", "refs/heads/blue/SPX"])).toBe(oid);
    const check = await tempDir();
    await gitCli(check, ["clone", "--quiet", "--branch", "blue/SPX", origin.url, "c"]);
    expect(await readFile(join(check, "c", "stockops.toml"), "utf8")).toContain('symbol = "SPX"');
  });

  it("rejects a non-fast-forward push from the git CLI and leaves the remote as it was", async () => {
    const origin = await remote({ "a.txt": "a\n" });
    const work = await tempDir();
    await gitCli(work, ["clone", "--quiet", origin.url, "one"]);
    await gitCli(work, ["clone", "--quiet", origin.url, "two"]);
    for (const name of ["one", "two"]) {
      await writeFile(join(work, name, "a.txt"), `${name}\n`);
      await gitCli(join(work, name), ["commit", "--quiet", "-am", name]);
    }
    await gitCli(join(work, "one"), ["push", "--quiet", "origin", "main"]);
    await expect(gitCli(join(work, "two"), ["push", "--quiet", "origin", "main"])).rejects.toThrow(/rejected|non-fast-forward|fetch first/);
    expect(await gitCli(origin.bareDir, ["show", "main:a.txt"])).toBe("one");
  });

  it("accepts a gzip-encoded upload-pack request body", async () => {
    const origin = await remote({ "a.txt": "a\n" });
    const head = await gitCli(origin.bareDir, ["rev-parse", "main"]);
    const want = `want ${head} no-progress\n`;
    const pktLine = (text: string) => `${(text.length + 4).toString(16).padStart(4, "0")}${text}`;
    const body = gzipSync(Buffer.from(`${pktLine(want)}0000${pktLine("done\n")}`));
    const response = await fetch(`${origin.url}/git-upload-pack`, {
      method: "POST",
      headers: { "content-type": "application/x-git-upload-pack-request", "content-encoding": "gzip" },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-git-upload-pack-result");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 8).toString()).toBe("0008NAK\n");
    expect(bytes.subarray(8, 12).toString()).toBe("PACK");
  });

  it("answers a missing repository with 404 from http-backend's Status header", async () => {
    const origin = await remote({ "a.txt": "a\n" });
    const response = await fetch(`${origin.server.url}/nope.git/info/refs?service=git-upload-pack`);
    expect(response.status).toBe(404);
  });

  it("requires the token when one is set, and isomorphic-git's onAuth supplies it as x-access-token", async () => {
    const origin = await remote({ "a.txt": "a\n" }, { token: "ghs_secret123" });
    const dir = await tempDir();
    await expect(git.clone({ fs, http, dir: join(dir, "no-auth"), url: origin.url })).rejects.toThrow(/401/);
    const seen: string[] = [];
    await git.clone({
      fs,
      http,
      dir: join(dir, "auth"),
      url: origin.url,
      onAuth: (url) => {
        seen.push(url);
        return { username: "x-access-token", password: "ghs_secret123" };
      },
    });
    expect(seen).toHaveLength(1);
    expect(await readTextAtRef({ fs, dir: join(dir, "auth"), ref: "main", filepath: "a.txt" })).toBe("a\n");
  });
});

describe("readFileAtRef and ref listings", () => {
  it("reads files at branches, tags and commits of a bare repository without a checkout", async () => {
    const origin = await remote({ "stockops.toml": "v1\n" }, { branches: ["red/AAPL", "blue/AAPL"] });
    const work = await tempDir();
    await gitCli(work, ["clone", "--quiet", "--branch", "red/AAPL", origin.url, "c"]);
    const clone = join(work, "c");
    const first = await gitCli(clone, ["rev-parse", "HEAD"]);
    await writeFile(join(clone, "stockops.toml"), "v2\n");
    await gitCli(clone, ["commit", "--quiet", "-am", "v2"]);
    await gitCli(clone, ["tag", "-a", "-m", "release", "models/red/AAPL/v1"]);
    await gitCli(clone, ["push", "--quiet", "origin", "red/AAPL", "--tags"]);

    const bare = { fs, gitdir: origin.bareDir };
    const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
    expect(text(await readFileAtRef({ ...bare, ref: "red/AAPL", filepath: "stockops.toml" }))).toBe("v2\n");
    expect(text(await readFileAtRef({ ...bare, ref: "blue/AAPL", filepath: "stockops.toml" }))).toBe("v1\n");
    expect(text(await readFileAtRef({ ...bare, ref: "models/red/AAPL/v1", filepath: "stockops.toml" }))).toBe("v2\n");
    expect(text(await readFileAtRef({ ...bare, ref: first, filepath: "stockops.toml" }))).toBe("v1\n");
    expect(await readFileAtRef({ ...bare, ref: "red/AAPL", filepath: "models/AAPL/metrics.json" })).toBeUndefined();
    await expect(readFileAtRef({ ...bare, ref: "green/AAPL", filepath: "stockops.toml" })).rejects.toThrow(/ref 'green\/AAPL' not found/);

    expect(await listBranches(bare)).toEqual(["blue/AAPL", "main", "red/AAPL"]);
    expect(await listTags(bare, "models/red/")).toEqual(["models/red/AAPL/v1"]);

    const isoClone = join(work, "iso");
    await git.clone({ fs, http, dir: isoClone, url: origin.url });
    expect(await listBranches({ fs, dir: isoClone }, "origin")).toEqual(["blue/AAPL", "main", "red/AAPL"]);
    expect(await readTextAtRef({ fs, dir: isoClone, ref: "origin/red/AAPL", filepath: "stockops.toml" })).toBe("v2\n");
  });
});
