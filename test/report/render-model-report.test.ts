import { describe, expect, it } from "vitest";
import { evaluateRun } from "../../src/evaluate/evaluate-run.js";
import { renderModelReport, type ReportLineage } from "../../src/report/render-model-report.js";
import { config, fixtureInput } from "../evaluate/fixture.js";

const lineage: ReportLineage = {
  seed: 42,
  backend: "cpu",
  config_hash: "c0ffee00c0ffee00c0ffee00c0ffee00",
  code_version: { package: "0.1.0", commit: "abc1234" },
  data: { origin: "test/fixture", content_hash: "d41d8cd98f00b204e9800998ecf8427e", data_version: null, rows: 13, first_date: "2024-01-01", last_date: "2024-01-13" },
  last_price_date_seen: "2024-01-08",
};

function render(input = fixtureInput(), warnings: string[] = []) {
  const { metrics, predictions } = evaluateRun(input);
  return renderModelReport({ config, metrics, predictions, lineage, warnings });
}

describe("renderModelReport", () => {
  it("has every section, the verdict and the hand-checked numbers", () => {
    const report = render();
    for (const heading of ["# red / TEST: mlp model", "## Error metrics", "## Backtest (test span)", "## Charts", "### Predicted vs actual price", "### Equity curve", "## Data warnings", "## Lineage"]) {
      expect(report).toContain(heading);
    }
    // skill 1 − 1.6/2.4 = +33.33 %, but on five days the paired test cannot tell it from noise
    expect(report).toMatch(/\*\*Not significantly different from the naive baseline\*\* on the test span: MAE 1\.6000 vs 2\.4000 for naive \(skill \+33\.33 %\) \(paired Diebold–Mariano p = 0\.\d{3} on 5 days\); the difference is within noise\./);
    expect(report).toMatch(/\| test \| model \(mlp\) \| 1\.6000 \| 1\.8974 \| 1\.534 % \| 0\.4000 \| 80\.00 % \| 5 \|/);
    expect(report).toMatch(/\| test \| naive \| 2\.4000 \| 2\.7568 \| 2\.285 % \| -0\.2667 \| 40\.00 % \| 5 \|/);
    // validation skill is 1 − (2/3)/(2/3), a rounding error away from 0: shown as 0.00 %, not -0.00 %
    expect(report).toContain("test **+33.33 %**, validation 0.00 %.");
    expect(report).toContain("| total return | +5.00 % | +4.00 % |");
    expect(report).toContain("| exposure | 75.00 % | 100.00 % |");
    expect(report).toContain("`d41d8cd98f00b204e9800998ecf8427e`");
    expect(report).toContain("0.1.0 @ `abc1234`");
    expect(report.match(/```mermaid\n/g)).toHaveLength(2);
    expect(report).toContain("_Legend: blue line: actual close at t+1 · orange line: predicted close at t+1 (mlp)._");
    expect(report).toContain("Data warnings\n\nNone.");
  });

  it("says the model beats naive only when the paired test is significant", () => {
    const { metrics, predictions } = evaluateRun(fixtureInput());
    const vs = metrics.significance!.vs_naive;
    const significant = { ...metrics, significance: { ...metrics.significance!, vs_naive: { ...vs, p_value: 0.001 } } };
    const report = renderModelReport({ config, metrics: significant, predictions, lineage, warnings: [] });
    expect(report).toContain("**Beats the naive baseline** on the test span: MAE 1.6000 vs 2.4000 for naive (skill +33.33 %) (paired Diebold–Mariano p = 0.001 on 5 days).");
  });

  it("says plainly when the model is worse than naive", () => {
    const input = fixtureInput();
    const report = render(fixtureInput({ test: { ...input.test, model: new Float64Array(6).fill(0.05) } }));
    expect(report).toMatch(/\*\*(Does not beat|Not significantly different from) the naive baseline\*\*/);
    expect(report).toMatch(/skill -\d+\.\d\d %/);
    expect(report).not.toContain("**Beats the naive baseline**");
  });

  it("lists data warnings and is byte-identical across runs", () => {
    const warnings = ["line 7: close fell 52 % in a day; check for an undeclared split"];
    const report = render(fixtureInput(), warnings);
    expect(report).toContain(`## Data warnings\n\n- ${warnings[0]}`);
    expect(render(fixtureInput(), warnings)).toBe(report);
  });

  it("renders without lineage", () => {
    const { metrics, predictions } = evaluateRun(fixtureInput());
    expect(renderModelReport({ config, metrics, predictions, warnings: [] })).toContain("_No lineage recorded._");
  });
});
