import { markdownTable } from "../report/markdown-table.js";
import type { TradingSummary } from "./run-trading.js";

/** A short markdown account of one run, for the CLI and the job summary. */
export function renderTradingSummary(summary: TradingSummary): string {
  const { team, requested, written, last, skipped } = summary;
  const span = requested.from === requested.to ? requested.to : `${requested.from} … ${requested.to}`;
  const lines = [`## Trading: ${team}, ${span}`, ""];
  if (summary.notTradingDay) lines.push(`${summary.notTradingDay} is not an NYSE trading day: nothing written.`);
  else if (written.length === 0 && summary.repairedPortfolio) lines.push(`Already in the ledger; the portfolio file lagged it and was rewritten (last entry ${last?.date ?? "none"}).`);
  else if (written.length === 0) lines.push(`Already in the ledger: nothing written (last entry ${last?.date ?? "none"}).`);
  else lines.push(`Wrote ${written.length} ledger ${written.length === 1 ? "entry" : "entries"}: ${written.length > 6 ? `${written[0]} … ${written.at(-1)}` : written.join(", ")}.`);
  if (summary.stopped) {
    const reasons = summary.stopped.reasons.map((skip) => `${skip.branch}: ${skip.error}`).join("; ");
    lines.push("", `**${summary.stopped.date} and after: not written.** No stock could be traded (${reasons}); run again once they load, and those days are traded then.`);
  }
  if (last) {
    lines.push("", `Equity after ${last.date}: **${last.equity.toFixed(2)} ${last.currency}** (cash ${last.cash.toFixed(2)}).`, "");
    if (last.predictions.length > 0) {
      lines.push(markdownTable(
        ["Stock", "Predicted return", "Model", "Trained through", "Order"],
        last.predictions.map((p) => {
          const order = last.orders.find((o) => o.symbol === p.symbol);
          return [p.symbol, p.predicted_return.toFixed(5), p.model_version, p.trained_through, order ? `${order.side} ${order.qty} (${order.status})` : "–"];
        }),
        ["left", "right", "left", "left", "left"],
      ));
    }
  }
  if (skipped.length > 0) {
    lines.push("", "### Skipped", "", markdownTable(["Date", "Stock", "Why"], skipped.map((s) => [s.date, s.symbol, s.error])));
  }
  return `${lines.join("\n")}\n`;
}
