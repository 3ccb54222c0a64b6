import aws4 from "aws4";
import { RemoteError } from "../errors.js";
import type { RemoteSpec } from "./dvc-config.js";
import { objectKey } from "./object-cache.js";
import type { Remote } from "./remote.js";

type S3Spec = Extract<RemoteSpec, { kind: "s3" }>;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface S3Response {
  status: number;
  body: Buffer;
}

/**
 * An S3-compatible remote (`s3://bucket/prefix`, optional `endpointurl` for MinIO-style servers), every request
 * signed with AWS Signature V4 by `aws4`. With an endpoint, requests are path-style (`/bucket/key`), as MinIO expects.
 */
export class S3Remote implements Remote {
  readonly description: string;
  private readonly baseUrl: URL;
  private readonly keyPrefix: string;

  private constructor(
    private readonly spec: S3Spec,
    private readonly credentials: Credentials,
    private readonly region: string,
  ) {
    this.description = `s3 remote '${spec.name}' (s3://${spec.bucket}${spec.prefix ? `/${spec.prefix}` : ""})`;
    const bucketPath = `/${encodeURIComponent(spec.bucket)}`;
    this.baseUrl = spec.endpointUrl ? new URL(spec.endpointUrl.replace(/\/+$/, "") + bucketPath) : new URL(`https://${spec.bucket}.s3.${region}.amazonaws.com`);
    this.keyPrefix = spec.prefix ? `${spec.prefix}/` : "";
  }

  /** Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), else `.dvc/config.local`. */
  static fromSpec(spec: S3Spec, env: NodeJS.ProcessEnv): S3Remote {
    const accessKeyId = env.AWS_ACCESS_KEY_ID ?? spec.accessKeyId;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? spec.secretAccessKey;
    if (!accessKeyId || !secretAccessKey) {
      throw new RemoteError(
        `s3 remote '${spec.name}' needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or access_key_id / secret_access_key in .dvc/config.local)`,
        { field: `remote "${spec.name}"` },
      );
    }
    const region = spec.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
    const sessionToken = env.AWS_SESSION_TOKEN;
    return new S3Remote(spec, { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }, region);
  }

  async has(md5: string): Promise<boolean> {
    const response = await this.request("HEAD", this.objectPath(md5));
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    // HEAD answers carry no body; ask again with a GET to learn why (bad secret, unknown key, no bucket).
    const probe = await this.request("GET", `${this.baseUrl.pathname}?list-type=2&max-keys=1`);
    throw this.failure(probe.status === 200 ? response : probe, `checking ${objectKey(md5)}`);
  }

  async get(md5: string): Promise<Buffer | undefined> {
    const response = await this.request("GET", this.objectPath(md5));
    if (response.status === 200) return response.body;
    if (response.status === 404 && s3ErrorCode(response.body) !== "NoSuchBucket") return undefined;
    throw this.failure(response, `downloading ${objectKey(md5)}`);
  }

  async put(md5: string, bytes: Uint8Array): Promise<void> {
    const response = await this.request("PUT", this.objectPath(md5), Buffer.from(bytes));
    if (response.status !== 200) throw this.failure(response, `uploading ${objectKey(md5)}`);
  }

  private objectPath(md5: string): string {
    const key = `${this.keyPrefix}${objectKey(md5)}`.split("/").map(encodeURIComponent).join("/");
    return `${this.baseUrl.pathname.replace(/\/$/, "")}/${key}`;
  }

  private async request(method: "GET" | "HEAD" | "PUT", path: string, body?: Buffer): Promise<S3Response> {
    const headers: Record<string, string> = body ? { "Content-Type": "application/octet-stream" } : {};
    const signed = aws4.sign(
      { host: this.baseUrl.host, path, method, service: "s3", region: this.region, headers, ...(body ? { body } : {}) },
      this.credentials,
    );
    const sendHeaders = Object.fromEntries(
      Object.entries(signed.headers ?? {}).filter(([name]) => name.toLowerCase() !== "host").map(([name, value]) => [name, String(value)]),
    );
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.protocol}//${this.baseUrl.host}${path}`, { method, headers: sendHeaders, ...(body ? { body } : {}) });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new RemoteError(`${this.description}: cannot reach ${this.baseUrl.origin}: ${cause}`);
    }
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  }

  private failure(response: S3Response, doing: string): RemoteError {
    const code = s3ErrorCode(response.body);
    const message = s3ErrorMessage(response.body);
    const detail = `${code ?? `HTTP ${response.status}`}${message ? `: ${message}` : ""}`;
    if (code && AUTH_CODES.has(code)) {
      return new RemoteError(
        `${this.description} refused the credentials while ${doing} (${detail})`,
        {},
        "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
      );
    }
    if (response.status === 403) {
      return new RemoteError(`${this.description}: access denied while ${doing} (${detail})`, {}, "check the credentials and the bucket policy");
    }
    return new RemoteError(`${this.description}: ${doing} failed with HTTP ${response.status} (${detail})`);
  }
}

const AUTH_CODES = new Set(["SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthorizationHeaderMalformed", "ExpiredToken", "InvalidToken"]);

function s3ErrorCode(body: Buffer): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body.toString("utf8"))?.[1];
}

function s3ErrorMessage(body: Buffer): string | undefined {
  return /<Message>([^<]*)<\/Message>/.exec(body.toString("utf8"))?.[1];
}
