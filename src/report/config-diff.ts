export interface ConfigChange {
  /** Dotted key, e.g. `model.units` or `features.macd.fast`. */
  key: string;
  kind: "changed" | "added" | "removed";
  base: string | undefined;
  head: string | undefined;
}

/** Nested tables → dotted keys; arrays and scalars are leaves, shown as JSON. */
export function flattenConfig(value: unknown, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  visit(value, prefix, flat);
  return flat;
}

function visit(value: unknown, key: string, flat: Map<string, string>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && key) flat.set(key, "{}");
    for (const [name, child] of entries) visit(child, key ? `${key}.${name}` : name, flat);
    return;
  }
  if (key) flat.set(key, leafText(value));
}

function leafText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}

/** Keys whose value differs between base and head, sorted by key. */
export function diffConfigs(base: unknown, head: unknown): ConfigChange[] {
  const before = flattenConfig(base);
  const after = flattenConfig(head);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: ConfigChange[] = [];
  for (const key of keys) {
    const was = before.get(key);
    const now = after.get(key);
    if (was === now) continue;
    const kind = was === undefined ? "added" : now === undefined ? "removed" : "changed";
    changes.push({ key, kind, base: was, head: now });
  }
  return changes;
}
