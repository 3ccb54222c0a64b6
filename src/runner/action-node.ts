import { spawnSync } from "node:child_process";
import { ConfigError, type Location } from "../errors.js";

const resolved = new Map<number, string>();

/**
 * The node binary for a `runs.using: nodeNN` action. GitHub runs it on Node NN; the host's node when
 * it is at least that version (or `setup.nodePath`, the caller's explicit choice), otherwise Node NN
 * from the npm registry through `npx -y -p node@NN` (from npx's cache first, so offline after once),
 * and a loud error when that cannot be had, never a silent run on an older Node.
 */
export function nodeForAction(using: string, explicit: string | undefined, location: Location): { path: string; note?: string } {
  if (explicit) return { path: explicit };
  const wanted = Number(/^node(\d+)$/.exec(using)?.[1]);
  const host = Number(process.versions.node.split(".")[0]);
  if (!Number.isFinite(wanted) || host >= wanted) return { path: process.execPath };
  const cached = resolved.get(wanted);
  if (cached) return { path: cached };
  const failures: string[] = [];
  for (const offline of [true, false]) {
    const args = [...(offline ? ["--offline"] : []), "-y", "-p", `node@${wanted}`, "node", "-p", "process.execPath + ' ' + process.version"];
    const result = spawnSync("npx", args, { encoding: "utf8", timeout: 180_000 });
    const [path, version] = (result.stdout ?? "").trim().split("\n").at(-1)?.split(" ") ?? [];
    if (result.status === 0 && path && version?.startsWith(`v${wanted}.`)) {
      resolved.set(wanted, path);
      return { path, note: `runs.using ${using}: running under ${version} from npx -y -p node@${wanted} (this host has ${process.version})` };
    }
    failures.push((result.stderr || String(result.error ?? "no output")).trim().split("\n").at(-1) ?? "");
  }
  throw new ConfigError(`the action runs on ${using}; this host has Node ${process.version} and Node ${wanted} could not be had with 'npx -y -p node@${wanted}' (${failures.at(-1)}); install Node ${wanted} or set the runner's node`, location);
}
