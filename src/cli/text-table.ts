/** A plain aligned table for terminals; numbers right-aligned. */
export function renderTextTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const isNumeric = (text: string) => /^[-+]?[\d.,]+\s*(%|ms|s)?$/.test(text);
  const format = (row: string[]) =>
    row.map((cell, column) => (isNumeric(cell) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return [format(header), widths.map((width) => "─".repeat(width)).join("  "), ...rows.map(format)].join("\n");
}
