import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * GitHub's X-Hub-Signature-256: `sha256=` + hex HMAC-SHA256 of the raw request body keyed with the webhook
 * secret, compared in constant time (GitHub's "Validating webhook deliveries").
 */
export function verifyWebhookSignature(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const expected = Buffer.from(signWebhookBody(secret, body), "utf8");
  const given = Buffer.from(header, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signWebhookBody(secret: string, body: Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
