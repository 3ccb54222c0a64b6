import { diffConfigs, type ConfigChange } from "../config-diff.js";
import { escapeCell, markdownTable } from "../markdown-table.js";
import { code } from "./format.js";

const HEADER = ["Key", "base", "head"];
const VALUE_CHARS = 60;
const KEY_CHARS = 80;

/** The params that changed, as many rows as fit in `budget` characters, then "… and N more". */
export function renderConfigDiffSection(base: Record<string, unknown> | undefined, head: Record<string, unknown> | undefined, budget: number): string {
  const title = "### Config diff (`stockops.toml`)";
  if (!head) return `${title}\n\nThe head's stockops.toml could not be read.`;
  if (!base) return `${title}\n\nNo base config to compare with.`;
  const changes = diffConfigs(base, head);
  if (changes.length === 0) return `${title}\n\nNo parameter changed.`;
  const intro = `${changes.length} key${changes.length > 1 ? "s" : ""} changed (flattened dotted keys):`;
  const fixed = `${title}\n\n${intro}\n\n${markdownTable(HEADER, [])}\n`;
  const moreLine = (count: number) => `\n\n… and ${count} more changed key${count > 1 ? "s" : ""} not shown (the comment would exceed GitHub's size limit).`;
  const rows: string[][] = [];
  let used = fixed.length + moreLine(changes.length).length;
  for (const change of changes) {
    const row = changeRow(change);
    const length = row.map(escapeCell).join(" | ").length + 5;
    if (used + length > budget) break;
    rows.push(row);
    used += length;
  }
  const hidden = changes.length - rows.length;
  return `${title}\n\n${intro}\n\n${markdownTable(HEADER, rows)}${hidden > 0 ? moreLine(hidden) : ""}`;
}

function changeRow(change: ConfigChange): string[] {
  const value = (text: string | undefined) => (text === undefined ? "_(absent)_" : code(text, VALUE_CHARS));
  return [code(change.key, KEY_CHARS), value(change.base), value(change.head)];
}
