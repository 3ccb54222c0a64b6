import type { SearchableRun } from "../tracking/filter/mlflow-filter.js";
import { gitLocation, listRuns, readText, type RunSource } from "../tracking/list-runs.js";
import { readChampions } from "../tracking/read-champions.js";
import { searchableRun, type TrackedRun } from "../tracking/tracked-run.js";
import type { ChampionEra } from "../tracking/registry.js";

export interface DashboardRun {
  name: string;
  branch: string;
  version: number;
  date: string;
  commit: string | null;
  kind: string;
  promoted: boolean;
  dataVersion: string | null;
  metrics: Record<string, number>;
  /** What the page's filter box evaluates, computed here so the page needs only the filter functions. */
  search: SearchableRun;
}

export interface DashboardData {
  generatedAt: string;
  runs: DashboardRun[];
  champions: { branch: string; current: number | null; history: ChampionEra[] }[];
  /** reports/leaderboard.md on the `trading` branch, when there is one. */
  leaderboard: string | null;
}

export const LEADERBOARD_BRANCH = "trading";
export const LEADERBOARD_FILE = "reports/leaderboard.md";

/** Everything the dashboard shows, read from git objects (no checkout). */
export async function collectDashboardData(source: RunSource, now: Date): Promise<DashboardData> {
  const [runs, champions, leaderboard] = await Promise.all([listRuns(source), readChampions(source), readLeaderboard(source)]);
  return {
    generatedAt: now.toISOString(),
    runs: runs.map(dashboardRun),
    champions: champions.map((entry) => ({ branch: entry.branch, current: entry.champion?.version ?? null, history: entry.champion?.history ?? [] })),
    leaderboard,
  };
}

function dashboardRun(run: TrackedRun): DashboardRun {
  return {
    name: run.name,
    branch: run.branch,
    version: run.version,
    date: run.date,
    commit: run.commit,
    kind: run.kind,
    promoted: run.promoted,
    dataVersion: run.dataVersion,
    metrics: run.metrics,
    search: searchableRun(run),
  };
}

async function readLeaderboard(source: RunSource): Promise<string | null> {
  const git = await import("isomorphic-git");
  const location = gitLocation(source);
  for (const ref of [`refs/heads/${LEADERBOARD_BRANCH}`, `refs/remotes/origin/${LEADERBOARD_BRANCH}`]) {
    const tip = await git.resolveRef({ ...location, ref }).catch(() => undefined);
    if (tip) return (await readText(git, location, tip, LEADERBOARD_FILE)) ?? null;
  }
  return null;
}
