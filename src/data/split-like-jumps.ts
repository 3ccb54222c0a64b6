import type { PriceBar } from "./price-series.js";

/** Close-to-close ratios an unadjusted split or a unit change (cents ↔ dollars) would leave behind. */
const SPLIT_RATIOS: readonly { ratio: number; label: string }[] = [
  { ratio: 1 / 2, label: "2:1 split" },
  { ratio: 1 / 3, label: "3:1 split" },
  { ratio: 1 / 4, label: "4:1 split" },
  { ratio: 2, label: "1:2 reverse split" },
  { ratio: 3, label: "1:3 reverse split" },
  { ratio: 4, label: "1:4 reverse split" },
  { ratio: 100, label: "dollars → cents" },
  { ratio: 1 / 100, label: "cents → dollars" },
];

/** Relative distance to a split ratio still called "looks like" it. */
export const SPLIT_TOLERANCE = 0.05;

/**
 * Warnings, never errors: real crashes come close to these ratios too (AAPL closed 52 % lower on
 * 2000-09-29), so a person decides.
 */
export function findSplitLikeJumps(bars: readonly PriceBar[]): string[] {
  const warnings: string[] = [];
  for (let index = 1; index < bars.length; index++) {
    const previous = bars[index - 1]!;
    const bar = bars[index]!;
    const ratio = bar.close / previous.close;
    const match = SPLIT_RATIOS.find((candidate) => Math.abs(ratio / candidate.ratio - 1) <= SPLIT_TOLERANCE);
    if (match) {
      warnings.push(
        `${bar.date}: close ×${ratio.toPrecision(3)} vs ${previous.date} (${previous.close} → ${bar.close}) looks like an undeclared ${match.label}; check that the prices are split-adjusted`,
      );
    }
  }
  return warnings;
}
