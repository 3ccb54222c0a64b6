import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { markdownTable } from "../report/markdown-table.js";
import { xyChart } from "../report/mermaid.js";
import { parseLedger, type LedgerEntry } from "./ledger.js";

export const LEADERBOARD_PATH = "reports/leaderboard.md";
const TRADING_DAYS_PER_YEAR = 252;

export interface TeamStats {
  team: string;
  currency: string;
  dates: string[];
  equity: number[];
  /** Equal-weight buy-and-hold of the team's stocks, bought at the first entry's closes with the same starting equity. */
  buyAndHold: number[];
  totalReturn: number;
  /** Annualized (252 days), risk-free 0; undefined when returns never vary. */
  sharpe: number | undefined;
  maxDrawdown: number;
  buyAndHoldReturn: number;
}

export interface StockStats {
  team: string;
  symbol: string;
  /** Predictions whose next-day outcome is known. */
  scored: number;
  hitRate: number;
  meanPredicted: number;
  meanRealized: number;
  meanAbsError: number;
}

export function teamStats(entries: readonly LedgerEntry[]): TeamStats | undefined {
  const first = entries[0];
  if (!first) return undefined;
  const equity = entries.map((e) => e.equity);
  const start = equity[0]!;
  const symbols = Object.keys(first.prices).sort();
  const lastPrice = new Map(symbols.map((s) => [s, first.prices[s]!]));
  const buyAndHold = entries.map((entry) => {
    for (const s of symbols) if (entry.prices[s] !== undefined) lastPrice.set(s, entry.prices[s]!);
    const growth = symbols.reduce((sum, s) => sum + lastPrice.get(s)! / first.prices[s]!, 0) / (symbols.length || 1);
    return symbols.length ? round2(start * growth) : start;
  });
  return {
    team: first.team,
    currency: first.currency,
    dates: entries.map((e) => e.date),
    equity,
    buyAndHold,
    totalReturn: equity.at(-1)! / start - 1,
    sharpe: sharpe(dailyReturns(equity)),
    maxDrawdown: maxDrawdown(equity),
    buyAndHoldReturn: buyAndHold.at(-1)! / start - 1,
  };
}

/** Each prediction at close t scored against the realized log return to the next entry's close. */
export function stockStats(entries: readonly LedgerEntry[]): StockStats[] {
  const scored = new Map<string, { predicted: number[]; realized: number[] }>();
  entries.forEach((entry, index) => {
    const next = entries[index + 1];
    if (!next) return;
    for (const p of entry.predictions) {
      const now = entry.prices[p.symbol];
      const then = next.prices[p.symbol];
      if (now === undefined || then === undefined) continue;
      const bucket = scored.get(p.symbol) ?? { predicted: [], realized: [] };
      bucket.predicted.push(p.predicted_return);
      bucket.realized.push(Math.log(then / now));
      scored.set(p.symbol, bucket);
    }
  });
  const team = entries[0]?.team ?? "";
  return [...scored].sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, { predicted, realized }]) => ({
    team,
    symbol,
    scored: predicted.length,
    hitRate: mean(predicted.map((p, i) => (Math.sign(p) === Math.sign(realized[i]!) ? 1 : 0))),
    meanPredicted: mean(predicted),
    meanRealized: mean(realized),
    meanAbsError: mean(predicted.map((p, i) => Math.abs(p - realized[i]!))),
  }));
}

/** Markdown for reports/leaderboard.md and the job summary; dated by the ledgers, never by the clock. */
export function renderLeaderboard(ledgers: ReadonlyMap<string, readonly LedgerEntry[]>): string {
  const stats = [...ledgers.values()].map(teamStats).filter((s): s is TeamStats => s !== undefined).sort((a, b) => b.totalReturn - a.totalReturn || (a.team < b.team ? -1 : 1));
  if (stats.length === 0) return "# Trading leaderboard\n\nNo team has traded yet.\n";
  const asOf = stats.map((s) => s.dates.at(-1)!).sort().at(-1)!;
  const lines = [
    "# Trading leaderboard",
    "",
    `As of the close of ${asOf}. Decisions at each close fill at the next open; buy & hold is an equal-weight portfolio of the team's stocks bought at the first day's close.`,
    "",
    markdownTable(
      ["Rank", "Team", "Days", "From", "To", "Equity", "Total return", "Sharpe", "Max drawdown", "Buy & hold", "vs buy & hold"],
      stats.map((s, i) => [
        String(i + 1), s.team, String(s.dates.length), s.dates[0]!, s.dates.at(-1)!, `${s.equity.at(-1)!.toFixed(2)} ${s.currency}`,
        percent(s.totalReturn), s.sharpe === undefined ? "–" : s.sharpe.toFixed(2), percent(-s.maxDrawdown), percent(s.buyAndHoldReturn),
        percent(s.totalReturn - s.buyAndHoldReturn),
      ]),
      ["right", "left", "right", "left", "left", "right", "right", "right", "right", "right", "right"],
    ),
  ];
  for (const s of stats) {
    lines.push("", `## ${s.team}`, "", xyChart({
      title: `${s.team}: equity (${s.currency})`,
      xLabels: s.dates,
      yLabel: s.currency,
      series: [{ name: "team equity", kind: "line", values: s.equity }, { name: "equal-weight buy & hold", kind: "line", values: s.buyAndHold }],
    }));
    const stocks = stockStats(ledgers.get(s.team) ?? []);
    if (stocks.length > 0) {
      lines.push("", markdownTable(
        ["Stock", "Scored predictions", "Hit rate", "Mean predicted", "Mean realized", "Mean abs error"],
        stocks.map((k) => [k.symbol, String(k.scored), percent(k.hitRate), logReturn(k.meanPredicted), logReturn(k.meanRealized), logReturn(k.meanAbsError)]),
        ["left", "right", "right", "right", "right", "right"],
      ));
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Reads every `ledger/*.jsonl` under `dir` and writes `reports/leaderboard.md`; returns the markdown. */
export async function writeLeaderboard(dir: string): Promise<string> {
  const ledgerDir = join(dir, "ledger");
  const names = (await readdir(ledgerDir).catch(() => [] as string[])).filter((name) => name.endsWith(".jsonl")).sort();
  const ledgers = new Map<string, LedgerEntry[]>();
  for (const name of names) ledgers.set(name.slice(0, -".jsonl".length), parseLedger(await readFile(join(ledgerDir, name), "utf8"), `ledger/${name}`));
  const markdown = renderLeaderboard(ledgers);
  await writeFileAtomic(join(dir, LEADERBOARD_PATH), markdown);
  return markdown;
}

export function dailyReturns(equity: readonly number[]): number[] {
  return equity.slice(1).map((value, i) => value / equity[i]! - 1);
}

export function sharpe(returns: readonly number[]): number | undefined {
  if (returns.length < 2) return undefined;
  const average = mean(returns);
  const variance = returns.reduce((sum, r) => sum + (r - average) ** 2, 0) / (returns.length - 1);
  return variance > 0 ? (average / Math.sqrt(variance)) * Math.sqrt(TRADING_DAYS_PER_YEAR) : undefined;
}

/** Largest fall from a running peak, as a fraction of the peak (0.25 = 25 % below). */
export function maxDrawdown(equity: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const value of equity) {
    peak = Math.max(peak, value);
    if (peak > 0) worst = Math.max(worst, 1 - value / peak);
  }
  return worst;
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : Number.NaN;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(2)} %` : "–";
}

function logReturn(value: number): string {
  return Number.isFinite(value) ? value.toFixed(5) : "–";
}
