import { git } from "../runner/git-cli.js";
import type { TradingWindow } from "./run-demo.js";

export interface DemoFacts {
  sandbox: string;
  logFile: string;
  originDir: string;
  runsDir: string;
  branches: { team: string; symbol: string }[];
  prNumber: number;
  comments: string[];
  window: TradingWindow;
  seconds: number;
  /** The PR comment's full text, written beside the sandbox's other files. */
  commentFile?: string;
}

const COMMENT_LINES = 40;

/** The end of the demo: what the origin now holds, read back from the bare repository itself. */
export async function renderDemoSummary(facts: DemoFacts, bareDir: string, shownSandbox: string): Promise<string> {
  const lines: string[] = ["Model branches (published versions, from the origin's tags; champion from models/<SYMBOL>/champion.json):"];
  const tags = (await git(["for-each-ref", "--format=%(refname:short)", "refs/tags/models/"], { cwd: bareDir })).split("\n").filter(Boolean);
  for (const { team, symbol } of facts.branches) {
    const branch = `${team}/${symbol}`;
    const versions = tags.filter((tag) => tag.startsWith(`models/${branch}/`)).map((tag) => tag.slice(`models/${branch}/`.length));
    const champion = await git(["show", `refs/heads/${branch}:models/${symbol}/champion.json`], { cwd: bareDir }).then(
      (text) => championText(text),
      () => "no champion",
    );
    lines.push(`  ${branch.padEnd(12)} ${versions.length > 0 ? versions.join(", ") : "no version"}  (${champion})`);
  }
  lines.push("", `Pull request #${facts.prNumber} comment (${facts.comments.length} comment${facts.comments.length === 1 ? "" : "s"} on the stand-in):`);
  const body = facts.comments.at(-1);
  if (body) {
    const bodyLines = body.split("\n");
    lines.push(...bodyLines.slice(0, COMMENT_LINES).map((line) => `  │ ${line}`));
    if (bodyLines.length > COMMENT_LINES) lines.push(`  │ … ${bodyLines.length - COMMENT_LINES} more lines (full text in ${facts.commentFile ?? facts.runsDir})`);
  } else {
    lines.push("  (none)");
  }
  lines.push("", `Leaderboard (trading:reports/leaderboard.md, ${facts.window.from} … ${facts.window.to}):`);
  const leaderboard = await git(["show", "refs/heads/trading:reports/leaderboard.md"], { cwd: bareDir }).catch(() => undefined);
  // The table only: the per-team Mermaid charts are for GitHub's renderer, not a terminal.
  const table = (leaderboard ?? "(no leaderboard on the trading branch)").split(/\n## /)[0]!.trimEnd();
  lines.push(...table.split("\n").map((line) => `  ${line}`));
  if (leaderboard && table.length < leaderboard.trimEnd().length) lines.push("  (equity charts per team: git show trading:reports/leaderboard.md in the origin)");
  const ledgers = await git(["ls-tree", "--name-only", "refs/heads/trading", "ledger/"], { cwd: bareDir }).catch(() => "");
  for (const ledger of ledgers.split("\n").filter(Boolean)) {
    const entries = (await git(["show", `refs/heads/trading:${ledger}`], { cwd: bareDir })).split("\n").filter(Boolean).length;
    lines.push(`  ${ledger}: ${entries} trading days`);
  }
  lines.push(
    "",
    "Where everything lives:",
    `  sandbox            ${shownSandbox}`,
    `  origin (bare git)  ${facts.originDir}   e.g. git -C ${facts.originDir} log --oneline --all`,
    `  workflow runs      ${facts.runsDir}   (event.json, workspaces, summary.md per run)`,
    `  full log           ${facts.logFile}`,
    "",
    `Demo finished in ${facts.seconds.toFixed(1)} s.`,
  );
  return lines.join("\n");
}

function championText(text: string): string {
  try {
    const champion = JSON.parse(text) as Record<string, unknown>;
    const version = champion.version ?? champion.modelVersion;
    return version === undefined ? "champion recorded" : `champion v${String(version).replace(/^v/, "")}`;
  } catch {
    return "champion.json unreadable";
  }
}
