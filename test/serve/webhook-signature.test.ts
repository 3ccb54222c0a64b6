import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature } from "../../src/serve/webhook-signature.js";

// The test values of GitHub's "Validating webhook deliveries" page (docs.github.com): secret
// "It's a Secret to Everybody", payload "Hello, World!", X-Hub-Signature-256 as below.
const SECRET = "It's a Secret to Everybody";
const PAYLOAD = Buffer.from("Hello, World!");
const SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("X-Hub-Signature-256", () => {
  it("matches GitHub's documented example", () => {
    expect(signWebhookBody(SECRET, PAYLOAD)).toBe(SIGNATURE);
    expect(verifyWebhookSignature(SECRET, PAYLOAD, SIGNATURE)).toBe(true);
  });

  it("refuses a missing, truncated, other-algorithm or other-secret signature, and a changed body", () => {
    for (const header of [undefined, "", SIGNATURE.slice(0, -1), SIGNATURE.replace("sha256=", "sha1="), signWebhookBody("other", PAYLOAD)]) {
      expect(verifyWebhookSignature(SECRET, PAYLOAD, header)).toBe(false);
    }
    expect(verifyWebhookSignature(SECRET, Buffer.from("Hello, World?"), SIGNATURE)).toBe(false);
  });
});
