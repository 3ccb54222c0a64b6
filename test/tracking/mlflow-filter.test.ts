import { describe, expect, it } from "vitest";
import { parseFilter, runMatches, type SearchableRun } from "../../src/tracking/filter/mlflow-filter.js";

const run = (overrides: Partial<SearchableRun> = {}): SearchableRun => ({
  metrics: { test_mae: 1.2, "test.mae": 1.2, "error rate": 0.3, skill_vs_naive: 0.02, ...overrides.metrics },
  params: { "model.kind": "ridge", "train.epochs": "20", "model-type": "tree", seed: "7", ...overrides.params },
  tags: { team: "red", symbol: "AAPL", promoted: "true", ...overrides.tags },
  attributes: {
    run_id: "abc123",
    run_name: "red/AAPL/v3",
    status: "FINISHED",
    experiment_id: "red/AAPL",
    branch: "red/AAPL",
    start_time: Date.parse("2026-11-20T10:00:00Z"),
    date: "2026-11-20T10:00:00.000Z",
    data_version: null,
    ...overrides.attributes,
  },
});

const matches = (filter: string, target = run()) => runMatches(target, parseFilter(filter));

describe("MLflow filter grammar", () => {
  it("parses the documented example into AND-ed clauses", () => {
    expect(parseFilter('metrics.rmse < 1 and params.model = "tree"')).toEqual([
      { type: "metric", key: "rmse", comparator: "<", value: 1 },
      { type: "param", key: "model", comparator: "=", value: "tree" },
    ]);
    expect(parseFilter("")).toEqual([]);
    expect(parseFilter("   ")).toEqual([]);
  });

  it("accepts every entity type alias MLflow accepts, and bare names as attributes", () => {
    for (const prefix of ["metric", "metrics", "`metrics`"]) expect(parseFilter(`${prefix}.x > 0`)[0]!.type).toBe("metric");
    for (const prefix of ["param", "params", "parameter", "parameters"]) expect(parseFilter(`${prefix}.x = 'a'`)[0]!.type).toBe("param");
    for (const prefix of ["tag", "tags"]) expect(parseFilter(`${prefix}.x = 'a'`)[0]!.type).toBe("tag");
    for (const prefix of ["attribute", "attributes", "attr", "run"]) expect(parseFilter(`${prefix}.status = 'FINISHED'`)[0]!.type).toBe("attribute");
    expect(parseFilter("status = 'FINISHED'")[0]).toEqual({ type: "attribute", key: "status", comparator: "=", value: "FINISHED" });
    expect(parseFilter("attributes.created > 5")[0]!.key).toBe("start_time");
  });

  it("quotes odd names with backticks, double or single quotes; bare dotted keys split at the first dot", () => {
    expect(parseFilter("metrics.`test.mae` < 2")[0]!.key).toBe("test.mae");
    expect(parseFilter('metrics."error rate" < 2')[0]!.key).toBe("error rate");
    expect(parseFilter("metrics.'error rate' < 2")[0]!.key).toBe("error rate");
    expect(parseFilter("params.`model-type` = 'tree'")[0]!.key).toBe("model-type");
    expect(parseFilter("params.model.kind = 'ridge'")[0]!.key).toBe("model.kind");
    expect(matches("metrics.`test.mae` < 2 and metrics.test.mae < 2 and params.`model-type` = 'tree'")).toBe(true);
  });

  it("string values take single or double quotes and keep the other quote and spaces inside", () => {
    expect(parseFilter(`tags.note = "it's fine"`)[0]!.value).toBe("it's fine");
    expect(parseFilter(`tags.note = 'say "hi"'`)[0]!.value).toBe('say "hi"');
    expect(parseFilter("tags.note = ' a b '")[0]!.value).toBe(" a b ");
  });

  it("keywords and comparators are case-insensitive; numbers may be signed, decimal or exponent", () => {
    expect(parseFilter("metrics.a >= -1.5e-2 AND metrics.b != .5 aNd params.c like 'x%'").map((c) => [c.comparator, c.value])).toEqual([
      [">=", -0.015],
      ["!=", 0.5],
      ["LIKE", "x%"],
    ]);
  });

  it("compares numeric params as strings, as MLflow does", () => {
    expect(matches('params.train.epochs = "20"')).toBe(true);
    expect(matches('params.train.epochs = "20.0"')).toBe(false);
    expect(() => parseFilter("params.train.epochs = 20")).toThrow(/quoted string.*compared as a string, as in MLflow: write params.train.epochs = "20"/);
    expect(() => parseFilter('params.train.epochs > "10"')).toThrow(/Invalid comparator '>' for params: expected one of = != LIKE ILIKE/);
  });

  it("compares metrics numerically and rejects quoted numbers for them", () => {
    expect(matches("metrics.test_mae < 1.5 and metrics.test_mae > 1")).toBe(true);
    expect(matches("metrics.test_mae <= 1.2 and metrics.test_mae >= 1.2 and metrics.test_mae = 1.2")).toBe(true);
    expect(matches("metrics.test_mae != 1.2")).toBe(false);
    expect(() => parseFilter("metrics.test_mae < '1'")).toThrow(/expected a number for metrics.test_mae/);
    expect(() => parseFilter("metrics.test_mae LIKE '1%'")).toThrow(/Invalid comparator 'LIKE' for metrics/);
  });

  it("LIKE and ILIKE: % and _ wildcards, anchored, other characters literal", () => {
    expect(matches("attributes.run_name LIKE 'red/%'")).toBe(true);
    expect(matches("attributes.run_name LIKE 'red/AAPL/v_'")).toBe(true);
    expect(matches("attributes.run_name LIKE 'RED/%'")).toBe(false);
    expect(matches("attributes.run_name ILIKE 'RED/%'")).toBe(true);
    expect(matches("attributes.run_name LIKE 'red'")).toBe(false);
    expect(matches("tags.team LIKE 'r.d'")).toBe(false);
    expect(matches("tags.team LIKE '%e%'")).toBe(true);
  });

  it("IN / NOT IN only for attributes.run_id, with a list of quoted strings", () => {
    expect(matches("attributes.run_id IN ('zzz', 'abc123')")).toBe(true);
    expect(matches("attributes.run_id NOT IN ('abc123')")).toBe(false);
    expect(matches("run_id not in ('x', \"y\")")).toBe(true);
    expect(() => parseFilter("params.seed IN ('7')")).toThrow(/Invalid comparator 'IN' for params.*run_id only/);
    expect(() => parseFilter("attributes.run_id IN 'abc'")).toThrow(/parenthesized list/);
    expect(() => parseFilter("attributes.run_id IN ('a' 'b')")).toThrow(/expected ',' or '\)'/);
  });

  it("numeric attributes compare numbers (ms since the epoch); string attributes compare strings", () => {
    expect(matches(`attributes.start_time >= ${Date.parse("2026-11-20T00:00:00Z")}`)).toBe(true);
    expect(matches(`attributes.created < ${Date.parse("2026-11-20T00:00:00Z")}`)).toBe(false);
    expect(() => parseFilter("attributes.start_time > '2026'")).toThrow(/expected a number for attributes.start_time/);
    expect(matches("attributes.branch = 'red/AAPL' and attributes.date LIKE '2026-11-%'")).toBe(true);
    expect(() => parseFilter("attributes.run_name > 'a'")).toThrow(/Invalid comparator '>' for attribute run_name/);
  });

  it("a run without the key never matches, not even with !=", () => {
    expect(matches("metrics.missing != 1")).toBe(false);
    expect(matches("params.missing != 'x'")).toBe(false);
    expect(matches("attributes.data_version != 'x'")).toBe(false);
  });

  it("rejects OR, parentheses, unknown entities and attributes, and broken syntax with clear messages", () => {
    expect(() => parseFilter("metrics.a < 1 or metrics.b < 1")).toThrow(/OR is not supported: MLflow's search syntax joins expressions with AND only/);
    expect(() => parseFilter("(metrics.a < 1)")).toThrow(/parentheses are not supported/);
    expect(() => parseFilter("metric.a < 1 metrics.b < 2")).toThrow(/expected AND between expressions/);
    expect(() => parseFilter("metrics.a < 1 and")).toThrow(/expected an expression after AND/);
    expect(() => parseFilter("foo.a = 'x'")).toThrow(/Invalid entity type 'foo'/);
    expect(() => parseFilter("attributes.lifecycle = 'x'")).toThrow(/Invalid attribute key 'lifecycle'/);
    expect(() => parseFilter("metrics.a 1")).toThrow(/expected a comparator/);
    expect(() => parseFilter("metrics.a <")).toThrow(/expected a value after metrics.a </);
    expect(() => parseFilter("params.a = 'open")).toThrow(/unterminated string/);
    expect(() => parseFilter("metrics.`open < 1")).toThrow(/unterminated backtick name/);
    expect(() => parseFilter("metrics.a ~ 1")).toThrow(/Invalid comparator '~'/);
    expect(() => parseFilter("metrics.a & 1")).toThrow(/unexpected character '&'/);
    expect(() => parseFilter("metrics.< 1")).toThrow(/expected a name after 'metrics.', found '<'; quote odd names with backticks/);
    expect(() => parseFilter("metrics.a-b < 1")).toThrow(/expected a comparator .* found '-b'|unexpected character '-'/);
    try {
      parseFilter("metrics.a < 1 OR metrics.b < 2");
    } catch (error) {
      expect((error as Error).name).toBe("FilterError");
      expect((error as Error & { position: number }).position).toBe(14);
      expect((error as Error).message).toMatch(/^invalid filter at character 15:/);
    }
  });
});
