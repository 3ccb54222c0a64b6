import { createHash } from "node:crypto";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import aws4 from "aws4";

/**
 * s3rver accepts any SigV4 signature whose access key exists ("Signature version 4 calculation is unimplemented"
 * in its authentication middleware), so this proxy in front of it checks each signature with the server-side
 * secret, as S3 and MinIO do, and answers 403 SignatureDoesNotMatch like they do.
 */
export async function startSigV4Proxy(target: { port: number }, secrets: Map<string, string>): Promise<{ url: string; server: Server; rejected: number }> {
  const state = { rejected: 0 };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const problem = checkSignature(req, body, secrets);
    if (problem) {
      state.rejected++;
      res.writeHead(403, { "content-type": "application/xml" });
      res.end(req.method === "HEAD" ? undefined : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${problem}</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message></Error>`);
      return;
    }
    const upstream = request({ host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    get rejected() {
      return state.rejected;
    },
  };
}

function checkSignature(req: IncomingMessage, body: Buffer, secrets: Map<string, string>): string | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    req.headers.authorization ?? "",
  );
  if (!match) return "AccessDenied";
  const [, accessKeyId, , region, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string];
  const secretAccessKey = secrets.get(accessKeyId);
  if (secretAccessKey === undefined) return undefined; // s3rver itself answers InvalidAccessKeyId
  const payloadHash = req.headers["x-amz-content-sha256"];
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== createHash("sha256").update(body).digest("hex")) return "XAmzContentSHA256Mismatch";
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(";")) if (name !== "host") headers[name] = String(req.headers[name] ?? "");
  const expected = aws4.sign(
    { host: req.headers.host, path: req.url, method: req.method, service: "s3", region, headers, ...(body.length ? { body } : {}) },
    { accessKeyId, secretAccessKey },
  );
  const expectedSignature = /Signature=([0-9a-f]{64})/.exec(String(expected.headers?.Authorization))?.[1];
  return expectedSignature === signature ? undefined : "SignatureDoesNotMatch";
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
