import { createHash } from "node:crypto";
import { md5Hex } from "./dir-manifest.js";

const TEXT_BYTES = new Set<number>([...Array.from({ length: 95 }, (_, i) => i + 32), 0x0a, 0x0d, 0x09, 0x0c, 0x08]);
const TEXT_PROBE_BYTES = 512;

/** DVC ≤ 2's `istextfile`: the first 512 bytes hold no NUL and at most 30 % bytes outside printable ASCII and \n\r\t\f\b. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const block = bytes.subarray(0, TEXT_PROBE_BYTES);
  if (block.length === 0) return true;
  let nonText = 0;
  for (const byte of block) {
    if (byte === 0) return false;
    if (!TEXT_BYTES.has(byte)) nonText++;
  }
  return nonText / block.length <= 0.3;
}

/** DVC 2's LOCAL_CHUNK_SIZE: dvc/utils/__init__.py `_fobj_md5` reads and converts 1 MiB at a time. */
export const LEGACY_CHUNK_BYTES = 2 ** 20;

/**
 * The md5 DVC 2 recorded (no `hash:` key in the .dvc file), as dvc 2.x `file_md5` computed it: text or
 * binary decided once from the first 512 bytes (`istextfile`), then each 1 MiB chunk converted CRLF → LF
 * on its own, so a CR ending one chunk and the LF starting the next stay as they are.
 */
export function legacyMd5(bytes: Uint8Array): string {
  if (!looksLikeText(bytes)) return md5Hex(bytes);
  const hash = createHash("md5");
  for (let start = 0; start < bytes.length; start += LEGACY_CHUNK_BYTES) hash.update(dos2unix(bytes.subarray(start, start + LEGACY_CHUNK_BYTES)));
  return hash.digest("hex");
}

function dos2unix(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) continue;
    out[length++] = bytes[i] as number;
  }
  return out.subarray(0, length);
}
