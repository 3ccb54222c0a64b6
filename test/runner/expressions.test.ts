import { describe, expect, it } from "vitest";
import { parseCommandFile } from "../../src/runner/command-files.js";
import { evaluateCondition, evaluateExpression, interpolate, interpolateText, type EvaluationScope } from "../../src/runner/expressions.js";
import { matchesPatterns } from "../../src/runner/glob-filter.js";
import { expandMatrix } from "../../src/runner/matrix.js";

const scope = (contexts: EvaluationScope["contexts"] = {}, succeeded = true): EvaluationScope => ({ contexts, status: { succeeded }, location: { file: "w.yml", line: 3 } });

describe("expressions", () => {
  const contexts = {
    github: { event_name: "push", ref: "refs/heads/red/AAPL", event: { pull_request: { number: 7 } } },
    steps: { train: { outputs: { "model-version": "3", skill: "0.12" } } },
    needs: { plan: { result: "success", outputs: { branches: '["red/AAPL","blue/SPX"]' } } },
    matrix: { team: "red" },
    inputs: { dry: false, date: "" },
  };
  it("reads contexts, including dashed keys through index syntax, case-insensitively", () => {
    expect(evaluateExpression("steps.train.outputs['model-version']", scope(contexts))).toBe("3");
    expect(evaluateExpression("github.event.pull_request.number", scope(contexts))).toBe(7);
    expect(evaluateExpression("GITHUB.EVENT_NAME", scope(contexts))).toBe("push");
    expect(evaluateExpression("github.EVENT_NAME", scope(contexts))).toBe("push");
    expect(evaluateExpression("github.missing.deeper", scope(contexts))).toBe(null);
  });
  it("compares like GitHub: strings ignore case, mixed types as numbers, && and || return operands", () => {
    expect(evaluateExpression("github.event_name == 'PUSH'", scope(contexts))).toBe(true);
    expect(evaluateExpression("steps.train.outputs.skill > 0.1", scope(contexts))).toBe(true);
    expect(evaluateExpression("'3' == 3", scope())).toBe(true);
    expect(evaluateExpression("inputs.date || 'default'", scope(contexts))).toBe("default");
    expect(evaluateExpression("matrix.team && 'yes'", scope(contexts))).toBe("yes");
    expect(evaluateExpression("!inputs.dry", scope(contexts))).toBe(true);
    expect(evaluateExpression("1 < 2 && 2 <= 2 && !(3 != 3)", scope())).toBe(true);
  });
  it("functions", () => {
    expect(evaluateExpression("fromJSON(needs.plan.outputs.branches)[1]", scope(contexts))).toBe("blue/SPX");
    expect(evaluateExpression("toJSON(matrix)", scope(contexts))).toBe('{\n  "team": "red"\n}');
    expect(evaluateExpression("format('{0}/{1} {{x}}', matrix.team, 'AAPL')", scope(contexts))).toBe("red/AAPL {x}");
    expect(evaluateExpression("contains(fromJSON(needs.plan.outputs.branches), 'RED/aapl')", scope(contexts))).toBe(true);
    expect(evaluateExpression("startsWith(github.ref, 'refs/heads/') && endsWith(github.ref, '/aapl')", scope(contexts))).toBe(true);
    expect(evaluateExpression("join(fromJSON(needs.plan.outputs.branches), ' + ')", scope(contexts))).toBe("red/AAPL + blue/SPX");
  });
  it("interpolation keeps a lone expression's type and turns mixed text into a string", () => {
    expect(interpolate("${{ fromJSON('[1,2]') }}", scope())).toEqual([1, 2]);
    expect(interpolate("v${{ steps.train.outputs['model-version'] }} of ${{ matrix.team }}", scope(contexts))).toBe("v3 of red");
    expect(interpolate("no expressions", scope())).toBe("no expressions");
  });
  it("if: adds success() unless a status function is used", () => {
    expect(evaluateCondition("matrix.team == 'red'", scope(contexts, false))).toBe(false);
    expect(evaluateCondition("${{ always() && matrix.team == 'red' }}", scope(contexts, false))).toBe(true);
    expect(evaluateCondition("failure()", scope(contexts, false))).toBe(true);
    expect(evaluateCondition(undefined, scope(contexts, true))).toBe(true);
  });
  it("object filters, as GitHub evaluates them", () => {
    const needs = { plan: { result: "success" }, train: { result: "failure" } };
    expect(evaluateExpression("needs.*.result", scope({ needs }))).toEqual(["success", "failure"]);
    expect(evaluateExpression("contains(needs.*.result, 'failure')", scope({ needs }))).toBe(true);
    expect(evaluateExpression("github.*.name", scope())).toEqual([]);
  });
  it("mixed text is format(): objects become Object, numbers 15 significant digits", () => {
    expect(interpolate("x ${{ github.event }}", scope(contexts))).toBe("x Object");
    expect(interpolate("n=${{ 0.84551240822557006 }}", scope())).toBe("n=0.84551240822557");
  });
  it("GitHub's errors, naming file and line", () => {
    expect(() => evaluateExpression("job.container.id == 1 && foo.bar", scope())).toThrow(/^w\.yml, line 3: Unrecognized named-value: 'foo'\. Located at position 26/);
    expect(() => evaluateExpression("'unterminated", scope())).toThrow(/Unexpected symbol: ''unterminated'/);
    expect(() => evaluateExpression("format('{0}}', 1)", scope())).toThrow(/The following format string is invalid/);
    expect(() => interpolateText("${{ github.event }}", { ...scope(contexts), location: { file: "w.yml", line: 3 } })).toThrow(/expected a string.*toJSON/);
  });
});

describe("filter patterns", () => {
  it("* stays in a segment, ** crosses, ! excludes again", () => {
    expect(matchesPatterns("red/AAPL", ["*/*"])).toBe(true);
    expect(matchesPatterns("exp/red/AAPL/mlp", ["*/*"])).toBe(false);
    expect(matchesPatterns("exp/red/AAPL/mlp", ["exp/**"])).toBe(true);
    expect(matchesPatterns("exp/red/AAPL/mlp", ["**", "!exp/**"])).toBe(false);
    expect(matchesPatterns("models/AAPL/model.json", ["**.json"])).toBe(true);
    expect(matchesPatterns("stockops.toml", ["**/stockops.toml"])).toBe(true);
    expect(matchesPatterns("v10", ["v[0-9]+"])).toBe(true);
  });
});

describe("matrix", () => {
  it("product, exclude, include merged or added, as GitHub documents", () => {
    const legs = expandMatrix(
      { fruit: ["apple", "pear"], animal: ["cat", "dog"], exclude: [{ fruit: "pear", animal: "dog" }], include: [{ color: "green" }, { color: "pink", animal: "cat" }, { fruit: "apple", shape: "circle" }, { fruit: "banana" }] },
      scope(),
    );
    expect(legs).toEqual([
      { fruit: "apple", animal: "cat", color: "pink", shape: "circle" },
      { fruit: "apple", animal: "dog", color: "green", shape: "circle" },
      { fruit: "pear", animal: "cat", color: "pink" },
      { fruit: "banana" },
    ]);
  });
  it("a whole matrix from fromJSON of a previous job's output", () => {
    const legs = expandMatrix("${{ fromJSON(needs.plan.outputs.m) }}", scope({ needs: { plan: { outputs: { m: '{"include":[{"branch":"red/AAPL"},{"branch":"blue/SPX"}]}' } } } }));
    expect(legs).toEqual([{ branch: "red/AAPL" }, { branch: "blue/SPX" }]);
  });
  it("an empty list is an error, not a job that silently never runs", () => {
    expect(() => expandMatrix({ team: [] }, scope())).toThrow(/^w\.yml, line 3, field 'team': matrix 'team' is an empty list/);
  });
});

describe("GITHUB_OUTPUT / GITHUB_ENV files", () => {
  it("reads name=value and multi-line name<<DELIMITER blocks", () => {
    expect(parseCommandFile("a=1\nreport<<EOF_1\nline one\nline=two\nEOF_1\nb=x=y\n", "out")).toEqual({ a: "1", report: "line one\nline=two", b: "x=y" });
    expect(() => parseCommandFile("open<<EOF\nnever closed\n", "out")).toThrow(/never closed/);
  });
});
