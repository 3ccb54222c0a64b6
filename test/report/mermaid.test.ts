import { describe, expect, it } from "vitest";
import { decimalsFor, downsampleIndices, formatValue, xyChart, xyChartBlock } from "../../src/report/mermaid.js";

describe("xyChart", () => {
  it("writes a fenced xychart-beta block with quoted labels, a y range and one line per series", () => {
    const chart = xyChart({
      title: 'AAPL "test"',
      xLabels: ["2024-01-02", "2024-01-03", "2024-01-04"],
      yLabel: "price",
      series: [
        { name: "actual", values: [100, 110, 120], kind: "line" },
        { name: "volume", values: [105, 108, 112.345678], kind: "bar" },
      ],
    });
    const lines = chart.split("\n");
    expect(lines[0]).toBe("```mermaid");
    expect(lines[1]).toMatch(/^%%\{init: .*plotColorPalette.*\}%%$/);
    expect(lines[2]).toBe("xychart-beta");
    expect(lines[3]).toBe(`  title "AAPL 'test'"`);
    expect(lines[4]).toBe('  x-axis ["2024-01-02", "2024-01-03", "2024-01-04"]');
    // range 100..120 padded by 5 % of the span; a span of 20 gets two decimals
    expect(lines[5]).toBe('  y-axis "price" 99 --> 121');
    expect(lines[6]).toBe("  line [100, 110, 120]");
    expect(lines[7]).toBe("  bar [105, 108, 112.35]");
    expect(lines[8]).toBe("```");
    expect(lines.at(-1)).toBe("_Legend: blue line: actual · orange bar: volume._");
  });

  it("thins long series to at most maxPoints, keeping the first and last point", () => {
    const n = 1000;
    const chart = xyChartBlock({
      title: "t",
      xLabels: Array.from({ length: n }, (_, i) => `d${i}`),
      yLabel: "y",
      series: [{ name: "s", values: Float64Array.from({ length: n }, (_, i) => i), kind: "line" }],
    });
    const values = /\n {2}line \[(.*)\]/.exec(chart)![1]!.split(", ");
    expect(values).toHaveLength(80);
    expect(values[0]).toBe("0");
    expect(values.at(-1)).toBe("999");
    expect(chart).toContain('"d0", ');
    expect(chart).toContain('"d999"]');
  });

  it("drops points that are not finite in some series, and says when nothing is left", () => {
    const block = xyChartBlock({ title: "t", xLabels: ["a", "b", "c"], yLabel: "y", series: [{ name: "s", values: [1, Number.NaN, 2], kind: "line" }] });
    expect(block).toContain('x-axis ["a", "c"]');
    expect(xyChart({ title: "t", xLabels: [], yLabel: "y", series: [{ name: "s", values: [], kind: "line" }] })).toBe("_No data to chart._");
    expect(() => xyChartBlock({ title: "t", xLabels: ["a"], yLabel: "y", series: [{ name: "s", values: [1, 2], kind: "line" }] })).toThrow(/one value per label/);
  });

  it("spreads indices evenly and rounds to about four significant digits of the range", () => {
    expect(downsampleIndices(5, 80)).toEqual([0, 1, 2, 3, 4]);
    expect(downsampleIndices(11, 3)).toEqual([0, 5, 10]);
    expect(decimalsFor(100, 200)).toBe(1);
    expect(decimalsFor(0.9, 1.3)).toBe(4);
    expect(formatValue(1.23456, 4)).toBe("1.2346");
    expect(formatValue(-0.00001, 2)).toBe("0");
    expect(formatValue(120, 1)).toBe("120");
  });
});
