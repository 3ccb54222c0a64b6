import { describe, expect, it } from "vitest";
import { IntegrityError } from "../../src/errors.js";
import { GITHUB_ACTIONS_BOT } from "../../src/gitops/git-repo.js";
import { planPublish, type BranchState, type PublishInputs } from "../../src/publish/plan-publish.js";
import { evaluateGate } from "../../src/publish/promotion-gate.js";
import { parseChampion, parseVersionRecords } from "../../src/publish/published-records.js";
import { buildLineage, buildMetrics, metricsText } from "../support/metrics-builder.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | string | null | undefined) => (value instanceof Uint8Array ? new TextDecoder().decode(value) : value);
const gate = { min_skill_vs_naive: 0, allow_worse_than_champion: false, alpha: 0.05 };

function inputs(options: { testMae?: number; skill?: number; model?: string; gate?: typeof gate; date?: string; pVsNaive?: number; predictions?: string } = {}): PublishInputs {
  const metrics = buildMetrics(options);
  return {
    team: "red",
    symbol: "AAPL",
    artifacts: {
      "models/AAPL/metrics.json": bytes(metricsText(options)),
      "models/AAPL/model.json": bytes(options.model ?? '{"w":[1,2]}'),
      ...(options.predictions ? { "models/AAPL/predictions.csv": bytes(options.predictions) } : {}),
      "reports/AAPL.md": bytes("# report\n"),
      "stockops.lock": bytes("{}\n"),
    },
    metrics,
    lineage: buildLineage(),
    gate: options.gate ?? gate,
    configCommit: "c0ffee".padEnd(40, "0"),
    date: options.date ?? "2026-11-23T20:00:00.000Z",
    author: { ...GITHUB_ACTIONS_BOT, timestamp: 1_790_000_000 },
  };
}

const empty: BranchState = { head: "a".repeat(40), versionsText: undefined, championText: undefined, artifacts: {}, taggedVersions: [] };

/** The branch as it is after `plan` was committed. */
function afterCommit(state: BranchState, plan: ReturnType<typeof planPublish>, next: PublishInputs): BranchState {
  if (plan.action !== "commit") throw new Error("expected a commit plan");
  return {
    head: "b".repeat(40),
    versionsText: text(plan.changes["models/AAPL/versions.jsonl"]) ?? undefined,
    championText: text(plan.changes["models/AAPL/champion.json"]) ?? state.championText,
    artifacts: next.artifacts,
    taggedVersions: [...state.taggedVersions, plan.version],
  };
}

describe("planPublish", () => {
  it("publishes v1 of a model that beats naive as the first champion", () => {
    const plan = planPublish(empty, inputs({ testMae: 1.2, skill: 0.02 }));
    if (plan.action !== "commit") throw new Error(plan.reason);
    expect(plan.version).toBe(1);
    expect(plan.tag).toBe("models/red/AAPL/v1");
    expect(plan.verdict.promoted).toBe(true);
    expect(plan.message.split("\n")[0]).toBe("models(red/AAPL): v1 ridge test MAE 1.2000 skill 0.0200 promoted");
    expect(plan.author).toMatchObject({ name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" });

    const [record] = parseVersionRecords(text(plan.changes["models/AAPL/versions.jsonl"])!, "versions.jsonl");
    expect(record).toMatchObject({ version: 1, tag: "models/red/AAPL/v1", data_version: "aaaabbbbccccddddeeeeffff00001111", gate: { promoted: true } });
    expect(record!.metrics.skill_vs_naive).toBe(0.02);
    const champion = parseChampion(text(plan.changes["models/AAPL/champion.json"])!, "champion.json");
    expect(champion).toMatchObject({ version: 1, tag: "models/red/AAPL/v1", test_mae: 1.2, since: "2026-11-23T20:00:00.000Z" });
    expect(champion!.reason).toContain("skill_vs_naive 0.0200 > min 0");

    const card = text(plan.changes["models/AAPL/CARD.md"])!;
    for (const heading of ["## Intended use", "## Data", "## Features", "## Metrics", "## Limitations", "## Promotion gate"]) expect(card).toContain(heading);
    expect(card).toContain("Data version: `aaaabbbbccccddddeeeeffff00001111`");
    expect(card).toMatch(/\| naive \(persistence\) \| 1\.2245 /);
    expect(card).toContain("`ret_lag_1`");
    expect(card).toContain("✅ promoted");
  });

  it("says in the card whether the model followed main's data.dvc or pinned its own", () => {
    const card = (lineage: PublishInputs["lineage"], dataConfig: PublishInputs["dataConfig"]) => {
      const plan = planPublish(empty, { ...inputs(), lineage, dataConfig });
      if (plan.action !== "commit") throw new Error(plan.reason);
      return text(plan.changes["models/AAPL/CARD.md"])!;
    };
    const lineage = buildLineage();
    const followed = { ...lineage, data: { ...lineage.data, origin: "data/AAPL.csv", data_dvc_from: { branch: "main", commit: "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49" } } };
    const own = { ...lineage, data: { ...lineage.data, origin: "data/AAPL.csv", data_dvc_from: null } };
    expect(card(followed, { source: "dvc" })).toContain("Where the data came from: follows main's data.dvc (main at `3f2a1c0`).\nSplits:");
    expect(card(own, { source: "dvc", pin: true })).toContain("Where the data came from: pinned: its own data.dvc.");
    expect(card(lineage, { source: "package" })).toContain('Where the data came from: `source = "package"`: embedded prices `package:@observablehq/sample-datasets/aapl.csv`.');
    expect(card(undefined, { source: "dvc" })).not.toContain("Where the data came from");
  });

  it("records a model that fails the gate as a run, without making it champion", () => {
    const plan = planPublish(empty, inputs({ skill: -0.01 }));
    if (plan.action !== "commit") throw new Error(plan.reason);
    expect(plan.version).toBe(1);
    expect(plan.verdict).toMatchObject({ promoted: false, beatsNaive: false });
    expect(plan.verdict.reason).toBe(
      "not promoted: fail: significantly better than naive: paired DM p = 0.5000 ≥ alpha 0.05 on 250 days, higher mean absolute error; fail: skill_vs_naive -0.0100 ≤ min 0; pass: no champion yet",
    );
    expect(plan.changes["models/AAPL/champion.json"]).toBeUndefined();
    expect(plan.message.split("\n")[0]).toMatch(/ not promoted$/);
    expect(parseVersionRecords(text(plan.changes["models/AAPL/versions.jsonl"])!, "v")[0]!.gate.promoted).toBe(false);
    expect(text(plan.changes["models/AAPL/CARD.md"])).toContain("This branch has no champion yet.");
  });

  it("keeps the champion byte for byte when the new model is worse, and numbers the run v2", () => {
    const first = inputs({ testMae: 1.2, skill: 0.02 });
    const v1 = planPublish(empty, first);
    const state = afterCommit(empty, v1, first);
    // no champion predictions at hand: compared on skill, never on raw MAE across spans
    const plan = planPublish(state, inputs({ testMae: 1.15, skill: 0.01, model: "worse" }));
    if (plan.action !== "commit") throw new Error(plan.reason);
    expect(plan.version).toBe(2);
    expect(plan.verdict).toMatchObject({ promoted: false, beatsNaive: true, notWorseThanChampion: false });
    expect(plan.verdict.reason).toContain("fail: skill_vs_naive 0.0100 < champion v1's 0.0200 (compared on skill");
    expect(text(plan.changes["models/AAPL/champion.json"])).toBe(state.championText);
    const records = parseVersionRecords(text(plan.changes["models/AAPL/versions.jsonl"])!, "v");
    expect(records.map((record) => [record.version, record.gate.promoted])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it("promotes a better model and closes the old champion's era in the history", () => {
    const first = inputs({ testMae: 1.2 });
    const state = afterCommit(empty, planPublish(empty, first), first);
    const plan = planPublish(state, inputs({ testMae: 1.1, model: "better", date: "2026-11-24T20:00:00.000Z" }));
    if (plan.action !== "commit") throw new Error(plan.reason);
    const champion = parseChampion(text(plan.changes["models/AAPL/champion.json"])!, "c")!;
    expect(champion.version).toBe(2);
    expect(champion.history.map((era) => [era.version, era.until])).toEqual([
      [1, "2026-11-24T20:00:00.000Z"],
      [2, null],
    ]);
  });

  const candidate = (skillVsNaive: number, p = 0.01, vsChampion?: { n: number; mean_difference: number; p_value: number }) => ({
    kind: "ridge",
    skillVsNaive,
    testMae: 1,
    vsNaive: { n: 250, mean_difference: -0.0001, p_value: p },
    vsChampion,
  });
  const champion = parseChampion(JSON.stringify({ schema: 1, version: 3, tag: "t", since: "s", reason: "r", kind: "ridge", test_mae: 1, skill_vs_naive: 0.1, history: [] }), "c");

  it("promotes a worse model only when allow_worse_than_champion is set, and never one below naive", () => {
    const allow = { min_skill_vs_naive: 0.01, allow_worse_than_champion: true, alpha: 0.05 };
    expect(evaluateGate(candidate(0.02), allow, champion)).toMatchObject({ promoted: true, notWorseThanChampion: false });
    expect(evaluateGate(candidate(0.02), allow, champion).reason).toContain("allowed: allow_worse_than_champion");
    expect(evaluateGate(candidate(0.01), allow, champion).promoted).toBe(false);
    expect(evaluateGate(candidate(0.12), { ...allow, allow_worse_than_champion: false }, champion).promoted).toBe(true);
  });

  it("does not promote a model better than naive only on the point estimate (the default gate)", () => {
    const verdict = evaluateGate(candidate(0.0013, 0.65), gate, undefined);
    expect(verdict.promoted).toBe(false);
    expect(verdict.clauses.map((clause) => clause.pass)).toEqual([false, true, true]);
    expect(verdict.reason).toBe(
      "not promoted: fail: significantly better than naive: paired DM p = 0.6500 ≥ alpha 0.05 on 250 days, lower mean absolute error; pass: skill_vs_naive 0.0013 > min 0; pass: no champion yet",
    );
    expect(evaluateGate(candidate(0.0013, 0.03), gate, undefined).promoted).toBe(true);
    expect(evaluateGate(candidate(0.0013, 0.03), { ...gate, alpha: 0.01 }, undefined).promoted).toBe(false);
  });

  it("judges the champion on the same days: only a significantly worse candidate is refused", () => {
    const within = evaluateGate(candidate(0.05, 0.01, { n: 400, mean_difference: 0.00002, p_value: 0.4 }), gate, champion);
    expect(within.promoted).toBe(true);
    expect(within.reason).toContain("pass: not significantly worse than champion v3 on the same 400 days: paired DM p = 0.4000");
    const worse = evaluateGate(candidate(0.05, 0.01, { n: 400, mean_difference: 0.0002, p_value: 0.001 }), gate, champion);
    expect(worse).toMatchObject({ promoted: false, notWorseThanChampion: false });
    expect(worse.reason).toContain("fail: not significantly worse than champion v3 on the same 400 days: paired DM p = 0.0010 < alpha 0.05, higher error");
  });

  it("makes naive the no-view champion only while no model has passed, and waives significance for a negative minimum", () => {
    const naive = { kind: "naive", skillVsNaive: 0, testMae: 1, vsNaive: undefined };
    expect(evaluateGate(naive, gate, undefined)).toMatchObject({ promoted: true, beatsNaive: false });
    expect(evaluateGate(naive, gate, undefined).reason).toBe("promoted: pass: naive is the no-view champion (a flat book) while no model has shown skill");
    expect(evaluateGate(naive, gate, champion).promoted).toBe(false);
    const waived = evaluateGate(candidate(-0.02, 0.9), { ...gate, min_skill_vs_naive: -0.1 }, undefined);
    expect(waived.promoted).toBe(true);
    expect(waived.reason).toContain("pass: significance vs naive waived (min_skill_vs_naive -0.1000 < 0");
  });

  it("plans nothing when the artifacts are the head's bytes", () => {
    const first = inputs();
    const state = afterCommit(empty, planPublish(empty, first), first);
    expect(planPublish(state, inputs())).toEqual({ action: "skip", reason: "artifacts unchanged since v1", latestVersion: 1 });
  });

  it("deletes model files the new run no longer produces, and takes the next number after tags too", () => {
    const state: BranchState = { ...empty, artifacts: { "models/AAPL/weights.bin": bytes("old") }, taggedVersions: [4] };
    const plan = planPublish(state, inputs());
    if (plan.action !== "commit") throw new Error(plan.reason);
    expect(plan.changes["models/AAPL/weights.bin"]).toBeNull();
    expect(plan.version).toBe(5);
  });

  it("refuses a damaged versions.jsonl, naming the line", () => {
    const state: BranchState = { ...empty, versionsText: '{"version":1}\n' };
    expect(() => planPublish(state, inputs())).toThrow(IntegrityError);
    expect(() => planPublish(state, inputs())).toThrow(/versions\.jsonl, line 1/);
  });
});
