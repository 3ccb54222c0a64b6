import { gateSection } from "../../config/model-config.js";
import type { PredictionRow } from "../../evaluate/predictions-file.js";
import { mcNemarExact } from "../../significance/binomial-test.js";
import { comparePaired, type PairedComparison } from "../../significance/paired-forecasts.js";
import type { ReportSide } from "./pr-report-input.js";
import { isNumber } from "./format.js";

export interface HeadVsBase {
  alpha: number;
  /** Undefined when fewer than two test days are common to both sides. */
  comparison: (PairedComparison & { hit_p_value: number }) | undefined;
  /** How the days were paired, in words. */
  note: string;
}

/**
 * Head against base on the same days: the base's published test predictions, matched by date to the
 * head's test days and scored against the head's realized closes. The base's model is not re-run on
 * the head's data, so days outside the base's test span cannot be compared, and the note says so.
 */
export function compareHeadWithBase(head: ReportSide, base: ReportSide): HeadVsBase {
  const alpha = alphaOf(head.config);
  const baseByDate = new Map((base.predictions ?? []).filter((row) => isNumber(row.predModel)).map((row) => [row.date, row]));
  const days = (head.predictions ?? []).filter((row) => isNumber(row.actualClose) && isNumber(row.predModel) && baseByDate.has(row.date));
  const headDays = (head.predictions ?? []).filter((row) => isNumber(row.actualClose)).length;
  if (days.length < 2) {
    return { alpha, comparison: undefined, note: `not tested: head and base share ${days.length} test day${days.length === 1 ? "" : "s"} with a realized close (the base's published predictions cover other days, and its model is not re-run on the head's data)` };
  }
  const pairs = days.map((row) => ({ head: row, base: baseByDate.get(row.date)! }));
  const comparison = comparePaired(
    {
      close: pairs.map((p) => p.head.close),
      actualClose: pairs.map((p) => p.head.actualClose),
      predictedA: pairs.map((p) => p.head.predModel),
      predictedB: pairs.map((p) => p.base.predModel),
    },
    head.metrics.horizon,
  );
  const dataDiffer = pairs.some((p) => p.base.close !== p.head.close);
  const coverage = days.length < headDays ? ` (${headDays - days.length} of the head's ${headDays} test days are outside the base's test span and not compared)` : "";
  const scoring = dataDiffer ? "; the closes differ between the two sides' data, so the base's published predictions are scored against the head's closes (its model is not re-run)" : "";
  return {
    alpha,
    comparison: { ...comparison, first: days[0]!.date, last: days.at(-1)!.date, hit_p_value: hitTest(pairs) },
    note: `paired on ${days.length} common test days, ${days[0]!.date} → ${days.at(-1)!.date}${coverage}${scoring}`,
  };
}

function hitTest(pairs: readonly { head: PredictionRow; base: PredictionRow }[]): number {
  let onlyHead = 0;
  let onlyBase = 0;
  for (const { head, base } of pairs) {
    const up = head.actualClose > head.close;
    const headRight = head.predModel > 0 === up;
    const baseRight = base.predModel > 0 === up;
    if (headRight && !baseRight) onlyHead++;
    if (baseRight && !headRight) onlyBase++;
  }
  return mcNemarExact({ onlyA: onlyHead, onlyB: onlyBase });
}

/** `[gate] alpha` of a side's config; 0.05 (the default) when the config does not say or cannot be read. */
export function alphaOf(config: Record<string, unknown> | undefined): number {
  const parsed = gateSection.safeParse((config as { gate?: unknown } | undefined)?.gate ?? {});
  return parsed.success ? parsed.data.alpha : 0.05;
}
