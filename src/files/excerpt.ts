/** Longest piece of an input an error message may quote. */
export const EXCERPT_CHARS = 32;

/**
 * A short, printable quote of untrusted text for an error message: control and non-ASCII characters escaped,
 * cut at `max` characters. Anything longer than a cell or a key is not repeated back.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/[^\x20-\x7e…]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
