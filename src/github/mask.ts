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

/** Environment names whose values are secrets (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, ALPACA_API_KEY, …). */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|CREDENTIAL|API_?KEY|ACCESS_KEY/i;

/** The values of secret-looking variables in `env`, for `redactSecrets`; values shorter than 6 characters are left alone. */
export function secretsInEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.trim().length >= 6)
    .map(([, value]) => value as string);
}

/** `text` with every form of every secret replaced by `***`, as the runner's masking shows it; longest forms first. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const forms = [...new Set(secrets.filter((secret): secret is string => !!secret).flatMap(derivedSecretForms))].filter((form) => form.length >= 4);
  forms.sort((a, b) => b.length - a.length);
  let result = text;
  for (const form of forms) result = result.split(form).join("***");
  return result;
}
