import type { ModelConfig } from "../config/model-config.js";
import type { Champion } from "./published-records.js";

export type GateConfig = ModelConfig["gate"];

export interface GateCandidate {
  skillVsNaive: number;
  testMae: number;
}

export interface GateVerdict {
  promoted: boolean;
  beatsNaive: boolean;
  /** `true` when there is no champion yet. */
  notWorseThanChampion: boolean;
  reason: string;
}

/**
 * Promote iff skill vs naive is above the configured minimum and the test MAE is not worse than the
 * current champion's (unless `allow_worse_than_champion`). Pure: the numbers in, a verdict with its reason out.
 */
export function evaluateGate(candidate: GateCandidate, gate: GateConfig, champion: Champion | undefined): GateVerdict {
  const beatsNaive = candidate.skillVsNaive > gate.min_skill_vs_naive;
  const notWorseThanChampion = champion === undefined || candidate.testMae <= champion.test_mae;
  const promoted = beatsNaive && (notWorseThanChampion || gate.allow_worse_than_champion);
  const skillPart = `skill_vs_naive ${fmt(candidate.skillVsNaive)} ${beatsNaive ? ">" : "≤"} min ${fmt(gate.min_skill_vs_naive)}`;
  const championPart =
    champion === undefined
      ? "no champion yet"
      : `test MAE ${fmt(candidate.testMae)} ${notWorseThanChampion ? "≤" : ">"} champion v${champion.version}'s ${fmt(champion.test_mae)}` +
        (!notWorseThanChampion && gate.allow_worse_than_champion ? " (allowed: allow_worse_than_champion)" : "");
  return { promoted, beatsNaive, notWorseThanChampion, reason: `${promoted ? "promoted" : "not promoted"}: ${skillPart}; ${championPart}` };
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}
