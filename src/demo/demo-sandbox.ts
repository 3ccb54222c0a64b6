import { rm, stat } from "node:fs/promises";

export type SandboxStart = "new" | "cleaned";

/**
 * The demo always starts from an empty sandbox, so a second `npm start` never duplicates branches,
 * versions, comments or ledger days; it removes the previous sandbox and says so.
 */
export async function prepareSandbox(dir: string): Promise<SandboxStart> {
  const existed = await stat(dir).then(
    () => true,
    () => false,
  );
  if (existed) await rm(dir, { recursive: true, force: true });
  return existed ? "cleaned" : "new";
}
