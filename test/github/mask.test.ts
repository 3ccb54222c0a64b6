import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { derivedSecretForms, maskSecrets } from "../../src/github/mask.js";

const execFileAsync = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

/**
 * A child process that loads the real @actions/core and src/github/mask.ts (transpiled as is), then
 * prints what a publish step prints: a remote URL with the token and a basic-auth header.
 * `maskFirst` false is the negative control: printing before masking must be caught.
 */
async function runActionLikeScript(maskFirst: boolean): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "stockops-mask-"));
  const source = await readFile(join(ROOT, "src/github/mask.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  await writeFile(join(dir, "mask.mjs"), outputText);
  const core = pathToFileURL(join(ROOT, "node_modules/@actions/core/lib/core.js")).href;
  const mask = "maskSecrets([process.env.INPUT_TOKEN], core.setSecret);";
  await writeFile(
    join(dir, "main.mjs"),
    [
      `import * as core from ${JSON.stringify(core)};`,
      `import { maskSecrets } from "./mask.mjs";`,
      maskFirst ? mask : "",
      `const token = core.getInput("token");`,
      `core.info("Pushing to https://x-access-token:" + token + "@127.0.0.1/origin.git");`,
      `core.info("AUTHORIZATION: basic " + Buffer.from("x-access-token:" + token).toString("base64"));`,
      `console.log("token=" + encodeURIComponent(token));`,
      maskFirst ? "" : mask,
    ].join("\n"),
  );
  const { stdout } = await execFileAsync(process.execPath, [join(dir, "main.mjs")], { env: { PATH: process.env.PATH, INPUT_TOKEN: TOKEN } });
  return stdout.split("\n");
}

/** Index of the first line holding any form of the secret that is not an ::add-mask:: command. */
function firstLeak(lines: string[], forms: string[]): number {
  return lines.findIndex((line) => !line.startsWith("::add-mask::") && forms.some((form) => line.includes(form)));
}

describe("maskSecrets", () => {
  it("masks the token and its derived forms: base64 of x-access-token:TOKEN, URL encoding, each line", () => {
    const masked: string[] = [];
    const count = maskSecrets([TOKEN, undefined, "", "line one\nline two"], (value) => masked.push(value));
    expect(masked).toContain(TOKEN);
    expect(masked).toContain(Buffer.from(`x-access-token:${TOKEN}`).toString("base64"));
    expect(masked).toContain("line one");
    expect(masked).toContain("line two");
    expect(count).toBe(masked.length);
    expect(masked).not.toContain("");
  });

  it("prints ::add-mask:: (through the real @actions/core) before any line that contains the token", async () => {
    const lines = await runActionLikeScript(true);
    const forms = derivedSecretForms(TOKEN);
    const leak = firstLeak(lines, forms);
    expect(leak).toBeGreaterThan(0);
    const maskLines = lines.slice(0, leak);
    for (const form of forms) expect(maskLines).toContain(`::add-mask::${form}`);
    expect(lines[leak]).toContain(`x-access-token:${TOKEN}@127.0.0.1`);
    const lastMask = lines.findLastIndex((line) => line.startsWith("::add-mask::"));
    expect(lastMask).toBeLessThan(leak);
  });

  it("catches a step that prints before masking (negative control)", async () => {
    const lines = await runActionLikeScript(false);
    const leak = firstLeak(lines, derivedSecretForms(TOKEN));
    const firstMask = lines.findIndex((line) => line.startsWith("::add-mask::"));
    expect(leak).toBe(0);
    expect(firstMask).toBeGreaterThan(leak);
  });
});
