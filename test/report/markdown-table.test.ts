import { describe, expect, it } from "vitest";
import { escapeCell, markdownTable } from "../../src/report/markdown-table.js";

describe("markdownTable", () => {
  it("escapes pipes and newlines so a cell cannot break the table", () => {
    expect(escapeCell("a|b")).toBe("a\\|b");
    expect(escapeCell("line 1\nline 2\r\nline 3")).toBe("line 1<br>line 2<br>line 3");
    const table = markdownTable(["name", "value"], [["x|y", "1\n2"], ["short"]], ["left", "right"]);
    expect(table.split("\n")).toEqual(["| name | value |", "|:---|---:|", "| x\\|y | 1<br>2 |", "| short |  |"]);
  });

  it("keeps every row at the header's width", () => {
    const rows = markdownTable(["a", "b", "c"], [["1", "2", "3", "4"]]).split("\n");
    // unescaped pipes per row: 4 for 3 columns
    for (const row of rows) expect(row.replace(/\\\|/g, "").split("|").length - 1).toBe(4);
  });
});
