import { resolve } from "node:path";
import { ConfigError, UsageError } from "../../errors.js";
import { teamConfigOf } from "../../config/branches-config.js";
import { selectBroker } from "../../trading/brokers/select-broker.js";
import { systemClock } from "../../trading/clock.js";
import { GITHUB_ACTIONS_BOT } from "../../gitops/git-repo.js";
import { gitAccessFromEnv } from "../../gitops/git-access.js";
import { openGitRepo } from "../../gitops/isomorphic-git-repo.js";
import { directoryLedgerStore, type LedgerStore } from "../../trading/ledger.js";
import { TRADING_BRANCH, tradeAndPush } from "../../trading/trading-branch.js";
import { writeLeaderboard, LEADERBOARD_PATH } from "../../trading/leaderboard.js";
import { repoTradingSources } from "../../trading/repo-sources.js";
import { runTrading, type TradingSummary } from "../../trading/run-trading.js";
import { renderTradingSummary } from "../../trading/trading-summary.js";
import type { Command } from "../command.js";

const command: Command = {
  name: "trade",
  summary: "Trade one team's portfolio for a date (or replay a span): predictions → orders → ledger",
  usage: "--team TEAM [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [--dir DIR] [--ledger-dir DIR | --push] [--prices-dir DIR] [--broker paper|alpaca] [--confirm-live] [--json]",
  options: {
    team: { type: "string", description: "Team in branches.json", valueName: "TEAM" },
    date: { type: "string", description: "Trading date (default: the last NYSE close before now); missed days before it are caught up", valueName: "DATE" },
    from: { type: "string", description: "Replay from this date (with --to)", valueName: "DATE" },
    to: { type: "string", description: "Replay up to this date", valueName: "DATE" },
    dir: { type: "string", description: "Checkout of main: branches.json, model branches in its git objects", default: ".", valueName: "DIR" },
    "ledger-dir": { type: "string", description: "Where ledger/, portfolio/ and reports/leaderboard.md are written (a trading-branch checkout); default --dir", valueName: "DIR" },
    "prices-dir": { type: "string", description: "Read prices from DIR/<SYMBOL>.csv instead of each branch's [data]", valueName: "DIR" },
    broker: { type: "string", description: "Override the team's broker: paper or alpaca", valueName: "KIND" },
    "confirm-live": { type: "boolean", description: "Confirm Alpaca's live endpoint (also needs alpaca_live in branches.json)" },
    push: { type: "boolean", description: "Commit ledger, portfolio and leaderboard to the remote 'trading' branch (push with retry) instead of --ledger-dir" },
    json: { type: "boolean", description: "Print the summary as JSON" },
  },
  details: `Writes ledger/<TEAM>.jsonl (one line per trading date, never rewritten), portfolio/<TEAM>.json and
${LEADERBOARD_PATH} under --ledger-dir. A date already in the ledger, a weekend or an exchange holiday writes nothing.
A team none of whose model branches loads (not fetched, no champion) is refused and nothing is written; a day
on which no stock could be traded and one did not load is not written, nor the days after (exit 1): a rerun
trades them once the branches load.
Alpaca keys come from APCA_API_KEY_ID and APCA_API_SECRET_KEY; the paper endpoint unless live is opted in and confirmed.

Examples:
  stockops trade --team red --date 2018-02-12 --ledger-dir .stockops/trading
  stockops trade --team blue --from 2018-02-12 --to 2018-05-11 --broker paper --ledger-dir .stockops/trading`,
  async run(args, context) {
    const team = args.values.team;
    if (typeof team !== "string") throw new UsageError("--team is required. Usage: stockops trade --team TEAM [--date YYYY-MM-DD]");
    const text = (name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);
    const dir = resolve(context.cwd, text("dir") ?? ".");
    const ledgerDir = resolve(context.cwd, text("ledger-dir") ?? dir);
    const pricesDir = text("prices-dir");
    const override = text("broker");
    if (override !== undefined && override !== "paper" && override !== "alpaca") throw new ConfigError(`--broker must be paper or alpaca, got '${override}'`, { field: "broker" });
    const sources = await repoTradingSources({ dir, env: context.env, ...(pricesDir ? { pricesDir: resolve(context.cwd, pricesDir) } : {}) });
    const teamConfig = teamConfigOf(sources.branches, team);
    if (!teamConfig) throw new ConfigError(`team '${team}' is not defined; expected one of ${Object.keys(sources.branches.teams).join(", ")}`, { file: "branches.json", field: "teams" });
    const broker = selectBroker({
      team: teamConfig,
      ...(override ? { override } : {}),
      replay: text("from") !== undefined,
      confirmLive: Boolean(args.values["confirm-live"]),
      env: context.env,
      mask: () => {},
      logger: context.logger,
    });
    const trade = (ledger: LedgerStore) =>
      runTrading({
        team,
        ...(text("date") ? { date: text("date") } : {}),
        ...(text("from") ? { from: text("from") } : {}),
        ...(text("to") ? { to: text("to") } : {}),
        ...sources,
        ledger,
        broker,
        clock: systemClock,
        logger: context.logger,
      });
    let summary: TradingSummary;
    if (args.values.push) {
      const outcome = await tradeAndPush({ repo: openGitRepo({ dir, ...gitAccessFromEnv(context.env) }), team, trade, author: GITHUB_ACTIONS_BOT, logger: context.logger });
      summary = outcome.summary;
      context.logger.info(outcome.pushed ? `pushed ${outcome.commit} to ${TRADING_BRANCH}` : `nothing new to push to ${TRADING_BRANCH}`);
    } else {
      summary = await trade(directoryLedgerStore(ledgerDir));
      if (summary.written.length > 0) await writeLeaderboard(ledgerDir);
    }
    context.out(args.values.json ? JSON.stringify(summary, null, 2) : renderTradingSummary(summary));
    return summary.stopped ? 1 : 0;
  },
};

export default command;
