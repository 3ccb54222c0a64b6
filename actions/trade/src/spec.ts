import { defineAction } from "../../shared/action-spec.js";

export const spec = defineAction({
  name: "stockops trade",
  description:
    "Trade one team's paper portfolio for one trading date (missed days before it caught up) from the model branches' champions, and commit ledger/<team>.jsonl, portfolio/<team>.json and reports/leaderboard.md to the trading branch with fetch-and-retry.",
  inputs: {
    team: { description: "Team in branches.json.", required: true },
    date: { description: "Trading date YYYY-MM-DD; default: derived from the NYSE calendar and the schedule's intended slot.", default: "" },
    schedule: { description: "The cron of the scheduled run (github.event.schedule); its latest slot before the start picks the date.", default: "" },
    dir: { description: "Checkout of main holding branches.json, relative to the workspace.", default: "." },
    "trading-branch": { description: "Branch the ledgers, portfolios and leaderboard are committed to.", default: "trading" },
    broker: { description: "Override the team's broker: paper or alpaca (empty: as branches.json says).", default: "" },
    "confirm-live": { description: "Confirm Alpaca's live endpoint (also needs alpaca_live in branches.json) (true/false).", default: "false" },
    token: { description: "Token to fetch model branches and push the trading branch.", default: "${{ github.token }}" },
  },
  outputs: {
    date: "The trading date asked for.",
    written: "Comma-separated dates written to the ledger by this run (empty when nothing was new).",
    equity: "The team's equity after the run (latest ledger entry).",
    commit: "The commit pushed to the trading branch (empty when nothing was written).",
  },
});
