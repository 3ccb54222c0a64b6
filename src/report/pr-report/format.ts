/** Number and cell formatting shared by the PR report's sections. */

export type Direction = "lower" | "higher" | "none";
export type Unit = "price" | "percent" | "ratio" | "count" | "bp";

export function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (!isNumber(value)) return "—";
  switch (unit) {
    case "percent":
      return `${(value * 100).toFixed(2)} %`;
    case "count":
      return String(Math.round(value));
    case "price":
      return value.toFixed(4);
    case "ratio":
      return value.toFixed(3);
    case "bp":
      return `${value.toFixed(1)} bp`;
  }
}

export function formatDelta(head: number | null | undefined, base: number | null | undefined, unit: Unit): string {
  if (!isNumber(head) || !isNumber(base)) return "—";
  const delta = head - base;
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const size = Math.abs(delta);
  switch (unit) {
    case "percent":
      return `${sign}${(size * 100).toFixed(2)} pp`;
    case "count":
      return `${sign}${Math.round(size)}`;
    case "price":
      return `${sign}${size.toFixed(4)}`;
    case "ratio":
      return `${sign}${size.toFixed(3)}`;
    case "bp":
      return `${sign}${size.toFixed(1)} bp`;
  }
}

/** ✅ better, ❌ worse, = unchanged, blank when the metric has no better direction or a side is missing. */
export function mark(head: number | null | undefined, base: number | null | undefined, direction: Direction, unit: Unit): string {
  if (direction === "none" || !isNumber(head) || !isNumber(base)) return "";
  if (formatValue(head, unit) === formatValue(base, unit)) return "= same";
  const better = direction === "lower" ? head < base : head > base;
  return better ? "✅ better" : "❌ worse";
}

/**
 * The mark of a difference a paired test has judged: ✅/❌ only when p < alpha (by the direction of the
 * test's mean loss difference, head − base), otherwise "no significant difference (p = …)".
 */
export function testedMark(test: { p_value: number; mean_difference: number } | undefined, alpha: number): string {
  if (!test) return "not tested";
  const p = `p = ${formatP(test.p_value)}`;
  if (!(test.p_value < alpha)) return `no significant difference (${p})`;
  return test.mean_difference < 0 ? `✅ better (${p})` : `❌ worse (${p})`;
}

/** A p-value with two significant digits, "< 0.0001" below that. */
export function formatP(p: number): string {
  if (p < 0.0001) return "< 0.0001";
  return p >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
}

/** Text on one line (line breaks become spaces), cut to `maxLength`; tables escape `|` themselves. */
export function oneLine(text: string, maxLength = 120): string {
  const flat = text.replace(/\r?\n|\r/g, " ");
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** Inline code that survives backticks inside the text. */
export function code(text: string, maxLength = 80): string {
  const flat = text.replace(/\r?\n|\r/g, " ").replace(/`/g, "ˋ");
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
  return `\`${cut}\``;
}

export function shortSha(commit: string): string {
  return /^[0-9a-f]{40}$/i.test(commit) ? commit.slice(0, 7) : commit;
}
