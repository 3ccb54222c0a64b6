/**
 * Every form in which a secret can reach a log: the value itself, each of its lines (the runner masks
 * line by line), its base64 and URL encodings, and the base64 of `x-access-token:<token>` that git sends
 * as HTTP basic auth. This module imports nothing so it can run before anything else is loaded.
 */
export function derivedSecretForms(secret: string): string[] {
  const forms = new Set<string>();
  const add = (value: string) => {
    if (value.trim().length > 0) forms.add(value);
  };
  add(secret);
  for (const line of secret.split(/\r?\n/)) add(line.trim());
  add(Buffer.from(secret, "utf8").toString("base64"));
  add(Buffer.from(`x-access-token:${secret}`, "utf8").toString("base64"));
  add(Buffer.from(`${secret}:x-oauth-basic`, "utf8").toString("base64"));
  add(encodeURIComponent(secret));
  return [...forms];
}

/**
 * Calls `mask` (the actions pass `core.setSecret`) for every secret and every value derived from it.
 * Call it first, before anything that might print.
 */
export function maskSecrets(secrets: readonly (string | undefined)[], mask: (value: string) => void): number {
  let count = 0;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of derivedSecretForms(secret)) {
      mask(form);
      count += 1;
    }
  }
  return count;
}
