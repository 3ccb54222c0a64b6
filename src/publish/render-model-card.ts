import type { MetricsFile } from "../evaluate/metrics-file.js";
import type { Lineage } from "../pipeline/lineage.js";
import { dataSourceOf, describeDataSource } from "../report/data-source.js";
import type { GateVerdict } from "./promotion-gate.js";
import type { Champion } from "./published-records.js";

export interface ModelCardInput {
  team: string;
  symbol: string;
  version: number;
  tag: string;
  date: string;
  configCommit: string | null;
  metrics: MetricsFile;
  lineage: Lineage | undefined;
  /** `[data]` of the stockops.toml that was trained, to tell a pinned data.dvc from a followed one; undefined when not known. */
  dataConfig?: { source: string; pin?: boolean };
  verdict: GateVerdict;
  /** The champion after this publish (this version when promoted). */
  champion: Champion | undefined;
}

/** CARD.md: what a reader needs before using this model, in the spirit of "Model Cards for Model Reporting". */
export function renderModelCard(input: ModelCardInput): string {
  const { metrics, lineage } = input;
  return [
    `# ${input.symbol} model v${input.version} (${input.team})`,
    "",
    `Tag \`${input.tag}\`, published ${input.date}${input.configCommit ? ` from config commit \`${input.configCommit.slice(0, 12)}\`` : ""}.`,
    `Model: **${metrics.model.kind}** (${paramsText(metrics.model.params)}), backend ${metrics.model.backend}.`,
    "",
    "## Intended use",
    "",
    `Predicts the ${metrics.horizon}-trading-day log return of ${input.symbol} from past prices only, for the ${input.team} team's`,
    "paper-trading portfolio and for comparing model changes. It is a research and teaching tool, not investment advice,",
    "and is not meant for trading real money.",
    "",
    "## Data",
    "",
    ...dataLines(input),
    "",
    "## Features",
    "",
    lineage ? lineage.features.map((name) => `\`${name}\``).join(", ") : "Not recorded (no lineage.json was published).",
    "",
    "## Metrics (test span, price units)",
    "",
    "| model | MAE | RMSE | MAPE % | R² | hit rate |",
    "|---|---:|---:|---:|---:|---:|",
    metricsRow(metrics.model.kind, metrics.test),
    metricsRow("naive (persistence)", metrics.baselines.naive),
    metricsRow("ridge baseline", metrics.baselines.ridge),
    "",
    `Skill vs naive (1 − MAE/MAE_naive): **${metrics.skill_vs_naive.toFixed(4)}** on test, ${metrics.validation_skill_vs_naive.toFixed(4)} on validation.`,
    `Backtest (long/flat, decide at close, fill at next open, fee ${metrics.backtest.fee_bps} bps): total return ${pct(metrics.backtest.total_return)}` +
      ` vs buy-and-hold ${pct(metrics.backtest.buy_and_hold_return)}, max drawdown ${pct(metrics.backtest.max_drawdown)}, ${metrics.backtest.trades} fills.`,
    "",
    "## Limitations",
    "",
    "- Daily prices only: no news, fundamentals or intraday information; regime changes the training span never saw break it.",
    "- Metrics come from one chronological test span; a later version's span may differ, so champion comparisons are approximate.",
    "- Daily stock returns are close to unpredictable: small positive skill is typical and may not survive fees.",
    "- The backtest ignores slippage, and taxes unless configured.",
    "",
    "## Promotion gate",
    "",
    `${input.verdict.promoted ? "✅" : "❌"} ${input.verdict.reason}.`,
    "",
    input.champion
      ? `Champion of this branch: v${input.champion.version} (\`${input.champion.tag}\`), since ${input.champion.since}.`
      : "This branch has no champion yet.",
    "",
  ].join("\n");
}

function dataLines({ metrics, lineage, dataConfig }: ModelCardInput): string[] {
  const rows = metrics.rows;
  const spans = `train ${span(rows.train)}, validation ${span(rows.validation)}, test ${span(rows.test)}`;
  if (!lineage) return [`Splits: ${spans}.`];
  return [
    `Source: ${lineage.data.origin}, ${lineage.data.rows} rows from ${lineage.data.first_date} to ${lineage.data.last_date}.`,
    `Data version: \`${lineage.data.data_version ?? "none (not tracked by data.dvc)"}\`, content md5 \`${lineage.data.content_hash}\`.`,
    `Where the data came from: ${describeDataSource(dataSourceOf(lineage.data, dataConfig && { data: dataConfig }))}.`,
    `Splits: ${spans}.`,
  ];
}

function span(value: MetricsFile["rows"]["test"]): string {
  return value.n === 0 ? "empty" : `${value.n} rows ${value.first} → ${value.last}`;
}

function metricsRow(name: string, m: MetricsFile["test"]): string {
  return `| ${name} | ${m.mae.toFixed(4)} | ${m.rmse.toFixed(4)} | ${m.mape.toFixed(3)} | ${m.r2.toFixed(4)} | ${(m.hit_rate * 100).toFixed(1)} % |`;
}

function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? "no parameters" : entries.map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join(", ");
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}
