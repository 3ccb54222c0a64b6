import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StandInState, type StandInRepo, type StandInRepoSeed } from "./stand-in-state.js";
import { notFound, standInRoutes, type RouteResult } from "./stand-in-routes.js";

export { StandInState } from "./stand-in-state.js";

export interface StandInOptions {
  /** The write token; any other token answers 401. Without it every token may write. */
  token?: string;
  /** Tokens that may read but not write (a fork's `GITHUB_TOKEN`): writes answer 403. */
  readOnlyTokens?: string[];
  /** Repositories that exist; without it any owner/name exists on first use. */
  repos?: StandInRepoSeed[];
  /** Login shown as the author of what a token writes. */
  botLogin?: string;
}

export type TokenKind = "none" | "write" | "read-only" | "bad";

/** One request as the stand-in saw it; the token itself is never kept, only what kind it was. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  apiVersion: string | undefined;
  token: TokenKind;
  body: unknown;
  status: number;
}

/** Makes the next `times` matching requests fail with `status`, as GitHub's front end sometimes does (502, 503). */
export interface InjectedFault {
  method?: string;
  path: string | RegExp;
  status: number;
  times?: number;
}

export interface GitHubStandIn {
  /** Base URL to use as `GITHUB_API_URL`, e.g. http://127.0.0.1:38411 */
  url: string;
  requests: RecordedRequest[];
  state: StandInState;
  injectFault(fault: InjectedFault): void;
  close(): Promise<void>;
}

export const SUPPORTED_API_VERSIONS = ["2022-11-28"];
const DOCS = "https://docs.github.com/rest";
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * A local HTTP stand-in for the GitHub REST endpoints stockops calls, answering with the documented
 * paths, status codes, error bodies, `Link` pagination and API-version header.
 */
export async function startGitHubStandIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
  const state = new StandInState({ repos: options.repos });
  const requests: RecordedRequest[] = [];
  const faults: Array<Required<InjectedFault>> = [];
  let baseUrl = "";
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { message: `stand-in failure: ${String(error)}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    const method = (req.method ?? "GET").toUpperCase();
    const token = tokenKind(req.headers.authorization, options);
    const apiVersion = header(req, "x-github-api-version");
    const raw = await readBody(req);
    const record: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), apiVersion, token, body: undefined, status: 0 };
    requests.push(record);
    const result = answer(method, url, raw, token, apiVersion, record);
    record.status = result.status;
    send(res, result.status, result.body, result.headers);
  }

  function answer(method: string, url: URL, raw: string, token: TokenKind, apiVersion: string | undefined, record: RecordedRequest): RouteResult {
    const fault = faults.find((candidate) => candidate.times > 0 && (candidate.method === "" || candidate.method === method) && matches(candidate.path, url.pathname));
    if (fault) {
      fault.times -= 1;
      return { status: fault.status, body: { message: fault.status >= 500 ? "Server Error" : "Injected fault", status: String(fault.status) } };
    }
    if (apiVersion !== undefined && !SUPPORTED_API_VERSIONS.includes(apiVersion)) {
      return { status: 400, body: { message: `Unsupported 'X-GitHub-Api-Version': ${apiVersion}`, documentation_url: `${DOCS}/about-the-rest-api/api-versions` } };
    }
    if (token === "bad") return { status: 401, body: { message: "Bad credentials", documentation_url: DOCS, status: "401" } };
    const isWrite = method !== "GET" && method !== "HEAD";
    if (isWrite && token === "none") return { status: 401, body: { message: "Requires authentication", documentation_url: DOCS, status: "401" } };
    let body: unknown = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return { status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" } };
      }
    }
    record.body = body;
    const route = standInRoutes.find((candidate) => candidate.method === method && candidate.pattern.test(url.pathname));
    if (!route) return notFound();
    if (isWrite && token === "read-only") {
      return { status: 403, body: { message: "Resource not accessible by integration", documentation_url: route.docs, status: "403" } };
    }
    const match = route.pattern.exec(url.pathname)!;
    const [owner = "", name = ""] = [decodeURIComponent(match[1] ?? ""), decodeURIComponent(match[2] ?? "")];
    const repo = state.repo(owner, name);
    if (!repo) return notFound();
    return route.handle({ repo, state, url, baseUrl, params: match.slice(3).map(decodeURIComponent), body: asObject(body), author: options.botLogin ?? "github-actions[bot]" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    state,
    injectFault: ({ method = "", path, status, times = 1 }) => void faults.push({ method: method.toUpperCase(), path, status, times }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export type { StandInRepo };

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === "string" ? pattern === path : pattern.test(path);
}

function tokenKind(authorization: string | undefined, options: StandInOptions): TokenKind {
  if (!authorization) return "none";
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return "bad";
  const token = match[1]!;
  if (options.readOnlyTokens?.includes(token)) return "read-only";
  if (options.token === undefined || options.token === token) return "write";
  return "bad";
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const common = { "x-github-api-version-selected": SUPPORTED_API_VERSIONS[0]!, "x-github-media-type": "github.v3; format=json", ...headers };
  if (status === 204 || body === undefined) {
    res.writeHead(status, common).end();
    return;
  }
  res.writeHead(status, { ...common, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}
