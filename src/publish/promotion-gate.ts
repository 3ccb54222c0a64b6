import type { ModelConfig } from "../config/model-config.js";
import type { Champion } from "./published-records.js";

export type GateConfig = ModelConfig["gate"];

/** A paired Diebold–Mariano result on absolute errors: mean loss difference (candidate − other) and its p-value. */
export interface PairedTest {
  n: number;
  mean_difference: number;
  p_value: number;
}

export interface GateCandidate {
  kind: string;
  skillVsNaive: number;
  testMae: number;
  /** Candidate vs naive on its test days; undefined when metrics.json has no significance block. */
  vsNaive: PairedTest | undefined;
  /** Candidate vs the champion on their common days; undefined when the champion's predictions are not at hand or share no day. */
  vsChampion?: PairedTest | undefined;
}

export interface GateClause {
  pass: boolean;
  text: string;
  /** Failed on the numbers but let through by `allow_worse_than_champion`. */
  allowed?: boolean;
}

export interface GateVerdict {
  promoted: boolean;
  beatsNaive: boolean;
  /** `true` when there is no champion yet. */
  notWorseThanChampion: boolean;
  /** Each clause of the rule, in order, marked pass or fail. */
  clauses: GateClause[];
  reason: string;
}

/**
 * The default rule (decision 0016): promote a model only when it is significantly better than naive
 * (paired Diebold–Mariano on absolute errors, p < alpha, its skill above `min_skill_vs_naive`) and not
 * significantly worse than the champion on the same days (or, when those days are not at hand, not
 * below the champion's skill). Naive is the "no view" champion: promoted only while no model has passed.
 * A negative `min_skill_vs_naive` says a model need not beat naive, so the significance clause is waived.
 */
export function evaluateGate(candidate: GateCandidate, gate: GateConfig, champion: Champion | undefined): GateVerdict {
  const clauses = candidate.kind === "naive" ? naiveClauses(champion) : modelClauses(candidate, gate, champion);
  const promoted = clauses.every((clause) => clause.pass);
  const beatsNaive = candidate.kind !== "naive" && clauses.slice(0, 2).every((clause) => clause.pass);
  const last = clauses.at(-1);
  const notWorseThanChampion = champion === undefined || (last !== undefined && last.pass && !last.allowed);
  const reason = `${promoted ? "promoted" : "not promoted"}: ${clauses.map((clause) => `${clause.pass ? "pass" : "fail"}: ${clause.text}`).join("; ")}`;
  return { promoted, beatsNaive, notWorseThanChampion, clauses, reason };
}

function naiveClauses(champion: Champion | undefined): GateClause[] {
  const pass = champion === undefined || champion.kind === "naive";
  return [
    {
      pass,
      text: pass
        ? "naive is the no-view champion (a flat book) while no model has shown skill"
        : `naive replaces no model: champion v${champion!.version} (${champion!.kind}) passed the gate`,
    },
  ];
}

function modelClauses(candidate: GateCandidate, gate: GateConfig, champion: Champion | undefined): GateClause[] {
  return [significanceClause(candidate, gate), skillClause(candidate, gate), championClause(candidate, gate, champion)];
}

function significanceClause({ vsNaive }: GateCandidate, gate: GateConfig): GateClause {
  if (gate.min_skill_vs_naive < 0) return { pass: true, text: `significance vs naive waived (min_skill_vs_naive ${fmt(gate.min_skill_vs_naive)} < 0 accepts a model no better than naive)` };
  if (!vsNaive) return { pass: false, text: "significantly better than naive: metrics.json has no significance tests (re-run evaluate)" };
  const better = vsNaive.mean_difference < 0;
  const pass = better && vsNaive.p_value < gate.alpha;
  const comparison = `${vsNaive.p_value < gate.alpha ? "<" : "≥"} alpha ${gate.alpha}`;
  return { pass, text: `significantly better than naive: paired DM ${pText(vsNaive.p_value)} ${comparison} on ${vsNaive.n} days, ${better ? "lower" : "higher"} mean absolute error` };
}

function skillClause({ skillVsNaive }: GateCandidate, gate: GateConfig): GateClause {
  const pass = skillVsNaive > gate.min_skill_vs_naive;
  return { pass, text: `skill_vs_naive ${fmt(skillVsNaive)} ${pass ? ">" : "≤"} min ${fmt(gate.min_skill_vs_naive)}` };
}

function championClause({ skillVsNaive, vsChampion }: GateCandidate, gate: GateConfig, champion: Champion | undefined): GateClause {
  if (!champion) return { pass: true, text: "no champion yet" };
  const name = `champion v${champion.version}`;
  const allowed = gate.allow_worse_than_champion ? " (allowed: allow_worse_than_champion)" : "";
  if (vsChampion) {
    const worse = vsChampion.mean_difference > 0 && vsChampion.p_value < gate.alpha;
    return {
      pass: !worse || gate.allow_worse_than_champion,
      ...(worse && gate.allow_worse_than_champion ? { allowed: true } : {}),
      text: `not significantly worse than ${name} on the same ${vsChampion.n} days: paired DM ${pText(vsChampion.p_value)}${worse ? ` < alpha ${gate.alpha}, higher error${allowed}` : ""}`,
    };
  }
  const worse = skillVsNaive < champion.skill_vs_naive;
  return {
    pass: !worse || gate.allow_worse_than_champion,
    ...(worse && gate.allow_worse_than_champion ? { allowed: true } : {}),
    text: `skill_vs_naive ${fmt(skillVsNaive)} ${worse ? "<" : "≥"} ${name}'s ${fmt(champion.skill_vs_naive)} (compared on skill: the champion's predictions on the same days are not at hand)${worse ? allowed : ""}`,
  };
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function pText(p: number): string {
  return p < 0.0001 ? "p < 0.0001" : `p = ${p.toFixed(4)}`;
}
