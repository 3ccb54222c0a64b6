export type Align = "left" | "right" | "center";

/** A cell's text made safe for a GitHub table: a `|` would end the cell and a newline the row. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r\n|\r|\n/g, "<br>");
}

const RULES: Record<Align, string> = { left: ":---", right: "---:", center: ":---:" };

/** GitHub-flavoured markdown table; every cell (header included) is escaped, short rows are padded. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const width = header.length;
  const line = (cells: readonly string[]) =>
    `| ${Array.from({ length: width }, (_, i) => escapeCell(cells[i] ?? "")).join(" | ")} |`;
  const rule = `|${Array.from({ length: width }, (_, i) => RULES[align[i] ?? "left"]).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
