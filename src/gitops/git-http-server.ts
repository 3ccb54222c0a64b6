import { spawn, execFile } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { GitError } from "../errors.js";

const execFileAsync = promisify(execFile);

export interface GitHttpServerOptions {
  /** Folder holding bare repositories; `<url>/<name>.git` serves `<projectRoot>/<name>.git`. */
  projectRoot: string;
  /** When set, every request must carry HTTP Basic auth whose password is this token (as GitHub's x-access-token). */
  token?: string;
}

export interface GitHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`; a repository is at `${url}/<name>.git`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the bare repositories under `projectRoot` over smart HTTP by running the real `git http-backend`
 * as CGI, so tests, the local runner and the demo push and fetch exactly as against a real host
 * (isomorphic-git speaks only http/https).
 */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const projectRoot = resolve(options.projectRoot);
  const server = createServer((request, response) => {
    handleRequest(request, response, projectRoot, options.token).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`git http-backend failed: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}

/** Creates `<root>/<name>.git` as a bare repository that accepts pushes over HTTP; returns its path. */
export async function createBareRepo(root: string, name: string, defaultBranch = "main"): Promise<string> {
  const path = join(resolve(root), name.endsWith(".git") ? name : `${name}.git`);
  await mkdir(path, { recursive: true });
  await git(["init", "--bare", "--quiet", `--initial-branch=${defaultBranch}`, path]);
  await git(["-C", path, "config", "http.receivepack", "true"]);
  return path;
}

async function git(args: string[]): Promise<void> {
  try {
    await execFileAsync("git", args);
  } catch (error) {
    throw new GitError(`git ${args.join(" ")} failed: ${(error as Error).message.split("\n")[0]}`);
  }
}

async function handleRequest(request: IncomingMessage, response: ServerResponse, projectRoot: string, token: string | undefined): Promise<void> {
  const user = basicAuthUser(request, token);
  if (user === null) {
    response.writeHead(401, { "www-authenticate": 'Basic realm="stockops git"', "content-type": "text/plain" });
    response.end("authentication required\n");
    return;
  }
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const child = spawn("git", ["http-backend"], {
    env: cgiEnvironment(request, url, projectRoot, user),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderr: Buffer[] = [];
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  // git closes stdin early on some errors; the CGI response still says what happened.
  child.stdin.on("error", () => {});
  const exited = new Promise<number | null>((done) => child.once("close", done));
  requestBody(request).pipe(child.stdin);
  await relayCgiResponse(child.stdout, response);
  const code = await exited;
  if (code !== 0 && !response.headersSent) {
    response.writeHead(500, { "content-type": "text/plain" });
    response.end(Buffer.concat(stderr));
  }
}

/** `""` when no token is required, the user name when the token matches, `null` when it does not. */
function basicAuthUser(request: IncomingMessage, token: string | undefined): string | null {
  const header = request.headers.authorization;
  const decoded = header?.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString("utf8") : undefined;
  const separator = decoded?.indexOf(":") ?? -1;
  const user = decoded && separator >= 0 ? decoded.slice(0, separator) : "";
  if (token === undefined) return user;
  const password = decoded && separator >= 0 ? decoded.slice(separator + 1) : undefined;
  return password === token ? user || "token" : null;
}

function cgiEnvironment(request: IncomingMessage, url: URL, projectRoot: string, user: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    GIT_CONFIG_NOSYSTEM: "1",
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: request.method ?? "GET",
    CONTENT_TYPE: request.headers["content-type"] ?? "",
    REMOTE_ADDR: request.socket.remoteAddress ?? "127.0.0.1",
    SERVER_PROTOCOL: `HTTP/${request.httpVersion}`,
  };
  if (user) env.REMOTE_USER = user;
  const protocol = request.headers["git-protocol"];
  if (typeof protocol === "string") env.HTTP_GIT_PROTOCOL = protocol;
  return env;
}

/** The body as git should read it: gunzipped here so http-backend sees plain pack data until EOF. */
function requestBody(request: IncomingMessage): Readable {
  const encoding = request.headers["content-encoding"];
  if (encoding === "gzip" || encoding === "x-gzip") return request.pipe(createGunzip());
  return request;
}

/** Reads the CGI header block (`Status:` and the rest), answers with it, then streams the body. */
async function relayCgiResponse(stdout: Readable, response: ServerResponse): Promise<void> {
  let buffered = Buffer.alloc(0);
  let headersDone = false;
  for await (const chunk of stdout as AsyncIterable<Buffer>) {
    if (headersDone) {
      response.write(chunk);
      continue;
    }
    buffered = Buffer.concat([buffered, chunk]);
    const end = headerEnd(buffered);
    if (!end) continue;
    writeCgiHeaders(buffered.subarray(0, end.index).toString("latin1"), response);
    headersDone = true;
    const rest = buffered.subarray(end.index + end.length);
    if (rest.length > 0) response.write(rest);
  }
  if (!headersDone && buffered.length > 0) {
    writeCgiHeaders(buffered.toString("latin1"), response);
  }
  response.end();
}

function headerEnd(buffer: Buffer): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return undefined;
}

function writeCgiHeaders(block: string, response: ServerResponse): void {
  let status = 200;
  let reason: string | undefined;
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") {
      const match = /^(\d{3})\s*(.*)$/.exec(value);
      if (match) {
        status = Number(match[1]);
        reason = match[2] || undefined;
      }
    } else {
      headers[name] = value;
    }
  }
  if (reason) response.writeHead(status, reason, headers);
  else response.writeHead(status, headers);
}
