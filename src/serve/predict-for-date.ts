import { StockopsError } from "../errors.js";
import type { PriceBar } from "../data/price-series.js";
import type { Prediction } from "./api-schemas.js";
import type { ChampionSet, ServedBranch } from "./champion-set.js";
import { HttpError } from "./http-error.js";

const memo = new WeakMap<ServedBranch, Map<string, Promise<Prediction>>>();

/** The served branch of `team`/`symbol`, or a 404 naming the valid teams (or that team's symbols). */
export function findBranch(set: ChampionSet, team: string, symbol: string): ServedBranch {
  const teams = Object.keys(set.branches.teams).sort();
  if (!teams.includes(team)) throw new HttpError(404, `unknown team '${team}'; valid teams: ${teams.join(", ")}`, teams);
  const symbols = set.branches.branches.filter((ref) => ref.team === team).map((ref) => ref.symbol).sort();
  const entry = set.served.get(`${team}/${symbol}`);
  if (!entry) throw new HttpError(404, `unknown symbol '${symbol}' for team ${team}; valid symbols: ${symbols.join(", ") || "(none)"}`, symbols);
  return entry;
}

/**
 * The champion's prediction at the close of `date` (default: the latest trading day with prices), from the
 * bars up to that day only. A champion that failed its checks is a 503 naming it; it is never served.
 * Predictions are deterministic per loaded set, so each (branch, date) is computed once.
 */
export function predictForDate(entry: ServedBranch, date: string | undefined): Promise<Prediction> {
  const { champion, prices } = entry;
  if (!champion || !prices) {
    const named = entry.named ? ` ${entry.named.version} (${entry.named.tag})` : "";
    throw new HttpError(503, `model ${entry.branch}${named} is not served: ${entry.error ?? "not loaded"}`);
  }
  const bars = prices.bars;
  const day = date ?? bars.at(-1)?.date;
  const at = day === undefined ? -1 : indexOfDate(bars, day);
  if (at < 0) throw new HttpError(404, `no prices for ${entry.symbol} on ${day}: not a trading day in the data (${bars[0]?.date} … ${bars.at(-1)?.date})`);
  let cache = memo.get(entry);
  if (!cache) memo.set(entry, (cache = new Map()));
  const key = bars[at]!.date;
  let pending = cache.get(key);
  if (!pending) {
    pending = compute(entry, bars, at);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

async function compute(entry: ServedBranch, bars: readonly PriceBar[], at: number): Promise<Prediction> {
  const champion = entry.champion!;
  const bar = bars[at]!;
  const explained = await champion.explain(bars.slice(0, at + 1)).catch((error: unknown) => {
    if (error instanceof StockopsError) return undefined;
    throw error;
  });
  if (!explained || !Number.isFinite(explained.predicted)) {
    throw new HttpError(422, `model ${entry.branch} ${champion.version} cannot predict on ${bar.date}: too little price history before it for its features`);
  }
  return {
    team: entry.team,
    symbol: entry.symbol,
    date: bar.date,
    close: bar.close,
    horizon: champion.horizon,
    predicted_log_return: explained.predicted,
    predicted_close: bar.close * Math.exp(explained.predicted),
    model: { version: champion.version, tag: champion.tag, kind: champion.kind, trained_through: champion.trainedThrough },
    data_version: entry.prices!.dataVersion,
    features: explained.features,
    after_trained_through: bar.date > champion.trainedThrough,
  };
}

function indexOfDate(bars: readonly PriceBar[], date: string): number {
  let low = 0;
  let high = bars.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const found = bars[mid]!.date;
    if (found === date) return mid;
    if (found < date) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
