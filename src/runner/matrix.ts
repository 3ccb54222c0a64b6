import { ConfigError, type Location } from "../errors.js";
import { hasExpression, interpolate, type EvaluationScope, type ExpressionValue } from "./expressions.js";

export type MatrixCombination = Record<string, ExpressionValue>;

/**
 * Expands `strategy.matrix` the way GitHub does: the product of the list-valued keys, minus each
 * `exclude` entry that matches, then each `include` entry merged into every combination whose
 * original values it does not overwrite, or added as its own combination when it fits none.
 * The matrix, or any of its values, may be an expression (`${{ fromJSON(needs.x.outputs.y) }}`).
 */
export function expandMatrix(raw: unknown, scope: EvaluationScope): MatrixCombination[] {
  const location = scope.location;
  const matrix = resolve(raw, scope);
  if (matrix === null || typeof matrix !== "object" || Array.isArray(matrix)) {
    throw new ConfigError(`strategy.matrix must be a mapping, got ${JSON.stringify(matrix)?.slice(0, 80)}`, location);
  }
  const { include, exclude, ...dimensions } = matrix;
  let combinations: MatrixCombination[] = [{}];
  for (const [key, rawValues] of Object.entries(dimensions)) {
    const values = resolve(rawValues, scope);
    if (!Array.isArray(values)) throw new ConfigError(`matrix '${key}' must be a list`, { ...location, field: key });
    if (values.length === 0) throw new ConfigError(`matrix '${key}' is an empty list: the job would have no runs`, { ...location, field: key });
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })));
  }
  if (Object.keys(dimensions).length === 0) combinations = [];
  combinations = combinations.filter((combination) => !listOf(exclude, "exclude", scope).some((entry) => matches(combination, entry)));
  const originalKeys = Object.keys(dimensions);
  const originals = combinations.map((combination) => ({ ...combination }));
  const added: MatrixCombination[] = [];
  for (const entry of listOf(include, "include", scope)) {
    let merged = false;
    combinations.forEach((combination, index) => {
      const original = originals[index]!;
      const overwrites = originalKeys.some((key) => key in entry && !sameValue(entry[key]!, original[key]!));
      if (!overwrites) {
        Object.assign(combination, entry);
        merged = true;
      }
    });
    if (!merged) added.push({ ...entry });
  }
  combinations = [...combinations, ...added];
  if (combinations.length === 0) throw new ConfigError("strategy.matrix has no combinations: the job would have no runs", location);
  if (combinations.length > 256) throw new ConfigError(`strategy.matrix has ${combinations.length} combinations; GitHub allows 256`, location);
  return combinations;
}

/** `name (a, b)` as GitHub names a matrix leg. */
export function matrixLegName(jobName: string, combination: MatrixCombination): string {
  const values = Object.values(combination).map((value) => (typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)));
  return values.length === 0 ? jobName : `${jobName} (${values.join(", ")})`;
}

function resolve(value: unknown, scope: EvaluationScope): ExpressionValue {
  if (typeof value === "string" && hasExpression(value)) return interpolate(value, scope);
  return value as ExpressionValue;
}

function listOf(value: unknown, key: string, scope: EvaluationScope): MatrixCombination[] {
  const resolved = resolve(value, scope);
  if (resolved === undefined || resolved === null) return [];
  const location: Location = { ...scope.location, field: key };
  if (!Array.isArray(resolved)) throw new ConfigError(`matrix '${key}' must be a list of mappings`, location);
  return resolved.map((entry) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw new ConfigError(`each matrix '${key}' entry must be a mapping`, location);
    return Object.fromEntries(Object.entries(entry).map(([name, item]) => [name, resolve(item, scope)]));
  });
}

function matches(combination: MatrixCombination, entry: MatrixCombination): boolean {
  return Object.entries(entry).every(([key, value]) => key in combination && sameValue(combination[key]!, value));
}

function sameValue(a: ExpressionValue, b: ExpressionValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
