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

/** The md5 DVC 2 recorded (no `hash:` key in the .dvc file): CRLF → LF first for text files, raw bytes otherwise. */
export function legacyMd5(bytes: Uint8Array): string {
  if (!looksLikeText(bytes)) return md5Hex(bytes);
  return md5Hex(dos2unix(bytes));
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
