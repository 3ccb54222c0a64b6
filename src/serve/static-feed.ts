import { join } from "node:path";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { feedSchema, type Prediction, type PredictionFeed } from "./api-schemas.js";
import type { ChampionSet, ServedBranch } from "./champion-set.js";
import { predictForDate } from "./predict-for-date.js";

/** Where the feed of a branch is written under the site folder. */
export function feedPath(team: string, symbol: string): string {
  return `predictions/${team}/${symbol}.json`;
}

/**
 * `predictions/<team>/<SYMBOL>.json` for every branch of the set: the API's prediction for the latest trading
 * day, and one per trading day of the last `days` (never before trained_through, where it would be in-sample).
 */
export async function writeStaticFeed(set: ChampionSet, outDir: string, options: { days: number; now: Date }): Promise<string[]> {
  const written: string[] = [];
  for (const entry of [...set.served.values()].sort((a, b) => (a.branch < b.branch ? -1 : 1))) {
    const feed = feedSchema.parse(await branchFeed(entry, options));
    const path = join(outDir, ...feedPath(entry.team, entry.symbol).split("/"));
    await writeFileAtomic(path, `${JSON.stringify(feed, null, 2)}\n`);
    written.push(path);
  }
  return written;
}

async function branchFeed(entry: ServedBranch, options: { days: number; now: Date }): Promise<PredictionFeed> {
  const base = { team: entry.team, symbol: entry.symbol, generated_at: options.now.toISOString() };
  if (!entry.champion || !entry.prices) {
    const named = entry.named ? ` ${entry.named.version} (${entry.named.tag})` : "";
    return { ...base, latest: null, error: `model ${entry.branch}${named} is not served: ${entry.error ?? "not loaded"}`, history: [] };
  }
  const trainedThrough = entry.champion.trainedThrough;
  const dates = entry.prices.bars.map((bar) => bar.date).filter((date) => date > trainedThrough).slice(-options.days);
  const history: Prediction[] = [];
  for (const date of dates) history.push(await predictForDate(entry, date));
  return { ...base, latest: history.at(-1) ?? null, error: history.length === 0 ? `no trading day with prices after trained_through ${trainedThrough}` : null, history };
}
