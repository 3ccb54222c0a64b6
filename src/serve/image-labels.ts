import { md5Hex } from "../artifacts/content-hash.js";
import type { ChampionSet } from "./champion-set.js";

/** Label key prefix of the champion labels on the serve image. */
export const CHAMPION_LABEL = "io.stockops.champion";

/**
 * OCI image labels naming the champion each branch serves (`io.stockops.champion.<team>.<SYMBOL>=v2
 * models/<team>/<SYMBOL>/v2`, or `none` when none is served), and `io.stockops.champions` = md5 over them: the
 * image workflow tags the image with it, so an unchanged set of champions is not built twice.
 */
export function championLabels(set: ChampionSet): { labels: string[]; digest: string } {
  const labels = [...set.served.values()]
    .sort((a, b) => (a.branch < b.branch ? -1 : 1))
    .map((entry) => `${CHAMPION_LABEL}.${entry.team}.${entry.symbol}=${entry.champion ? `${entry.champion.version} ${entry.champion.tag}` : "none"}`);
  const digest = md5Hex(labels.join("\n"));
  return { labels: [...labels, `${CHAMPION_LABEL}s=${digest}`], digest };
}
