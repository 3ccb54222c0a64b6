import TOML from "@iarna/toml";
import { parseModelConfig } from "../config/read-model-config.js";
import { UsageError } from "../errors.js";

export type SweepValue = string | number | boolean;
/** One point of the grid: dotted stockops.toml key → value. */
export type SweepPoint = Record<string, SweepValue>;

/** `model.kind=ridge,mlp` → key and values; each value read as a TOML scalar (20 → number, true → boolean, mlp → string). */
export function parseSetOption(option: string): { key: string; values: SweepValue[] } {
  const match = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)=(.+)$/.exec(option);
  if (!match) throw new UsageError(`--set expects KEY=V1,V2 such as model.alpha=0.1,1,10, got '${option}'`, { field: "set" });
  const values = match[2]!.split(",").map((text) => scalar(text.trim()));
  return { key: match[1]!, values };
}

function scalar(text: string): SweepValue {
  if (text === "") throw new UsageError("--set has an empty value; expected KEY=V1,V2", { field: "set" });
  if (text === "true" || text === "false") return text === "true";
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text.replace(/^"(.*)"$/, "$1");
}

/**
 * Pure: the cartesian product of every --set, in the order given (the last key varies fastest). One --set
 * may hold several keys separated by `;` (`model.alpha=0.1,1;split.train=0.6,0.7`), the form a single
 * workflow_dispatch input takes.
 */
export function expandGrid(options: readonly string[]): SweepPoint[] {
  const axes = options
    .flatMap((option) => option.split(";"))
    .map((option) => option.trim())
    .filter(Boolean)
    .map(parseSetOption);
  if (axes.length === 0) throw new UsageError("expected at least one --set KEY=V1,V2", { field: "set" });
  const keys = axes.map((axis) => axis.key);
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
  if (duplicate) throw new UsageError(`--set ${duplicate} is given twice; list all its values in one --set`, { field: "set" });
  return axes.reduce<SweepPoint[]>((points, axis) => points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.key]: value }))), [{}]);
}

/**
 * stockops.toml text with the point's keys set (tables created as needed), validated by the config schema.
 * An impossible combination (e.g. `model.epochs` for ridge) is a ConfigError naming the key.
 */
export function applyPoint(configText: string, point: SweepPoint, file: string): string {
  const doc = TOML.parse(configText) as Record<string, unknown>;
  for (const [key, value] of Object.entries(point)) {
    const parts = key.split(".");
    let table = doc;
    for (const part of parts.slice(0, -1)) {
      const next = table[part];
      if (next === undefined) table[part] = {};
      else if (typeof next !== "object" || next === null || Array.isArray(next)) throw new UsageError(`--set ${key}: '${part}' is not a table in ${file}`, { field: key });
      table = table[part] as Record<string, unknown>;
    }
    table[parts.at(-1)!] = value;
  }
  const text = TOML.stringify(doc as TOML.JsonMap);
  parseModelConfig(text, file);
  return text;
}

export function describePoint(point: SweepPoint): string {
  return Object.entries(point)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(" ");
}
