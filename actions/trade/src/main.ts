import { join, resolve } from "node:path";
import { booleanInput, core, coreLogger, runAction, setOutputs, tokenOf } from "../../shared/core-glue.js";
import { readBranchesConfig, BRANCHES_FILE } from "../../../src/config/read-branches-config.js";
import { GITHUB_ACTIONS_BOT } from "../../../src/gitops/git-repo.js";
import { openGitRepo } from "../../../src/gitops/isomorphic-git-repo.js";
import { tradeActionTeam } from "../../../src/trading/trade-action-inputs.js";
import { selectBroker } from "../../../src/trading/brokers/select-broker.js";
import { repoTradingSources } from "../../../src/trading/repo-sources.js";
import { runTrading } from "../../../src/trading/run-trading.js";
import { tradeAndPush } from "../../../src/trading/trading-branch.js";
import { renderTradingSummary } from "../../../src/trading/trading-summary.js";
import { tradingDateFor } from "./intended-slot.js";
import { spec } from "./spec.js";

await runAction(
  spec,
  async (inputs) => {
    const dir = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs.dir);
    const date = tradingDateFor({ date: inputs.date, schedule: inputs.schedule, startedAt: new Date() });
    const repo = openGitRepo({ dir, token: tokenOf(inputs) });
    const branches = await readBranchesConfig(join(dir, BRANCHES_FILE));
    const { config: team, override } = tradeActionTeam(branches, inputs.team, inputs.broker);
    // Champions are read from the model branches' git objects: fetch them into this (shallow) checkout of main.
    for (const branch of branches.branches.filter((candidate) => candidate.team === inputs.team)) await repo.fetchBranch(`${branch.team}/${branch.symbol}`);
    const broker = selectBroker({
      team,
      ...(override ? { override } : {}),
      replay: false,
      confirmLive: booleanInput(inputs["confirm-live"], "confirm-live"),
      env: process.env,
      mask: (secret) => core.setSecret(secret),
      logger: coreLogger,
    });
    const sources = await repoTradingSources({ dir });
    const { summary, commit } = await tradeAndPush({
      repo,
      team: inputs.team,
      branch: inputs["trading-branch"],
      author: GITHUB_ACTIONS_BOT,
      logger: coreLogger,
      trade: (ledger) => runTrading({ ...sources, team: inputs.team, date, ledger, broker, logger: coreLogger }),
    });
    setOutputs(spec, { date, written: summary.written.join(","), equity: summary.last ? String(summary.last.equity) : "", commit: commit ?? "" });
    await core.summary.addRaw(renderTradingSummary(summary), true).write();
    // The days before were pushed; this one is left for a rerun, and the run says so by failing.
    if (summary.stopped) core.setFailed(`${inputs.team} ${summary.stopped.date}: not written, no stock could be traded (see the job summary); rerun once the champions and prices load`);
  },
  (inputs) => [tokenOf(inputs), process.env.APCA_API_KEY_ID, process.env.APCA_API_SECRET_KEY],
);
