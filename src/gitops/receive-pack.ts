/**
 * git's smart-HTTP push, spoken directly: one `git-receive-pack` request carrying several ref updates and
 * the `atomic` capability, so the server applies all of them or none (git's `push --atomic`,
 * Documentation/gitprotocol-pack.txt, "Reference Update Request and Packfile Transfer"). isomorphic-git's
 * own push sends one ref per request, which leaves a window where a branch moved and its tag did not.
 */

export const ZERO_OID = "0000000000000000000000000000000000000000";

/** One ref move: the server refuses it unless the ref is at `oldOid` right now (ZERO_OID: must not exist). */
export interface RefCommand {
  oldOid: string;
  newOid: string;
  ref: string;
}

/** The server's verdict per ref, from its report-status. */
export interface ReceivePackReport {
  unpack: string;
  refs: { ref: string; ok: boolean; reason?: string }[];
}

export function pktLine(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const header = (payload.length + 4).toString(16).padStart(4, "0");
  const line = new Uint8Array(payload.length + 4);
  line.set(new TextEncoder().encode(header));
  line.set(payload, 4);
  return line;
}

const FLUSH = new TextEncoder().encode("0000");

/** The request body: the commands (capabilities after a NUL on the first), a flush, then the packfile. */
export function receivePackRequest(commands: readonly RefCommand[], capabilities: readonly string[], packfile: Uint8Array): Uint8Array {
  const parts = commands.map((command, index) =>
    pktLine(`${command.oldOid} ${command.newOid} ${command.ref}${index === 0 ? `\0${capabilities.join(" ")}` : ""}\n`),
  );
  parts.push(FLUSH, packfile);
  const body = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.length;
  }
  return body;
}

/** Splits pkt-lines (flushes dropped); throws on a malformed length. */
export function parsePktLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  const decoder = new TextDecoder();
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const length = Number.parseInt(decoder.decode(bytes.subarray(offset, offset + 4)), 16);
    if (!Number.isInteger(length) || (length > 0 && length < 4)) throw new Error(`malformed pkt-line length at byte ${offset}`);
    if (length === 0) {
      offset += 4;
      continue;
    }
    lines.push(decoder.decode(bytes.subarray(offset + 4, offset + length)).replace(/\n$/, ""));
    offset += length;
  }
  return lines;
}

/** Reads "unpack ok" / "ok <ref>" / "ng <ref> <reason>" lines of a report-status answer (no side band). */
export function parseReport(bytes: Uint8Array): ReceivePackReport {
  const report: ReceivePackReport = { unpack: "", refs: [] };
  for (const line of parsePktLines(bytes)) {
    if (line.startsWith("unpack ")) report.unpack = line.slice("unpack ".length);
    else if (line.startsWith("ok ")) report.refs.push({ ref: line.slice(3), ok: true });
    else if (line.startsWith("ng ")) {
      const [ref = "", ...reason] = line.slice(3).split(" ");
      report.refs.push({ ref, ok: false, reason: reason.join(" ") });
    }
  }
  return report;
}

/** Capabilities from the first advertised ref line of `info/refs?service=git-receive-pack`. */
export function parseAdvertisement(bytes: Uint8Array): { refs: Map<string, string>; capabilities: Set<string> } {
  const refs = new Map<string, string>();
  let capabilities = new Set<string>();
  for (const line of parsePktLines(bytes)) {
    if (line.startsWith("# service=")) continue;
    const [head, caps] = line.split("\0");
    if (caps !== undefined) capabilities = new Set(caps.trim().split(" ").filter(Boolean));
    const [oid, ref] = (head ?? "").split(" ");
    if (oid && ref && oid !== ZERO_OID) refs.set(ref, oid);
  }
  return { refs, capabilities };
}
