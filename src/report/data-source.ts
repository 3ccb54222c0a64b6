import { code, shortSha } from "./pr-report/format.js";

/** Whose data.dvc a model was trained on, as lineage.json's `data.data_dvc_from` records it. */
export interface DataDvcFrom {
  branch: string;
  commit: string;
}

/** Where a model's prices came from: what its `[data]` asks for and what its lineage recorded. */
export interface DataSource {
  /** `[data] source`; "unknown" when neither the config nor the lineage says. */
  source: "dvc" | "package" | "csv" | "unknown";
  /** lineage's `data.origin`: the package path, the CSV path, or the file inside data/. */
  origin?: string;
  /** dvc: what `[data] pin` asks for; undefined when the config could not be read. */
  mode?: "follows" | "pinned";
  /** dvc: the branch and commit whose data.dvc was used, "own" for the branch's own; undefined when lineage predates following. */
  trainedOn?: DataDvcFrom | "own";
}

const SOURCES = ["dvc", "package", "csv"] as const;

/**
 * From lineage.json's `data` and the whole stockops.toml (validated or raw), either of which may be
 * missing or of an older layout.
 */
export function dataSourceOf(lineageData: unknown, modelConfig: unknown): DataSource {
  const lineage = asRecord(lineageData);
  const config = dataSectionOf(modelConfig);
  const trainedOn = trainedOnOf(lineage?.data_dvc_from);
  const configured = SOURCES.find((source) => source === (config ? (config.source ?? "package") : undefined));
  const source = configured ?? (trainedOn !== undefined || typeof lineage?.data_version === "string" ? "dvc" : "unknown");
  const origin = typeof lineage?.origin === "string" ? lineage.origin : undefined;
  if (source !== "dvc") return { source, ...(origin !== undefined ? { origin } : {}) };
  const mode = config ? (config.pin === true ? "pinned" : "follows") : undefined;
  return { source, ...(origin !== undefined ? { origin } : {}), ...(mode ? { mode } : {}), ...(trainedOn !== undefined ? { trainedOn } : {}) };
}

/** One line of markdown, e.g. "follows main's data.dvc (main at `3f2a1c0`)" or "pinned: its own data.dvc". */
export function describeDataSource(data: DataSource): string {
  if (data.source === "package") return `\`source = "package"\`: embedded prices ${data.origin ? code(data.origin, 80) : "(path not recorded)"}`;
  if (data.source === "csv") return `\`source = "csv"\`: ${data.origin ? code(data.origin, 80) : "a CSV file (path not recorded)"}`;
  if (data.source === "unknown") return `not recorded (no readable stockops.toml or lineage.json)${data.origin ? `, file ${code(data.origin, 80)}` : ""}`;
  const { mode, trainedOn } = data;
  if (typeof trainedOn === "object") {
    const branch = branchName(trainedOn.branch);
    const followed = `follows ${branch}'s data.dvc (${branch} at ${code(shortSha(trainedOn.commit), 40)})`;
    return mode === "pinned" ? `${followed}, although its \`[data]\` says \`pin = true\`` : followed;
  }
  if (mode === "pinned") return "pinned: its own data.dvc";
  if (trainedOn === "own" && mode === "follows") {
    return "its own copy of data.dvc, not main's: the branch follows main (no `pin = true` in `[data]`) but this run skipped `stockops data follow --from main`";
  }
  if (trainedOn === "own") return "its own data.dvc";
  if (mode === "follows") return "follows main's data.dvc (which commit is not recorded: lineage.json predates following)";
  return "a data.dvc (whose is not recorded)";
}

/** The warning when a pull request turns following main's data.dvc into pinning the branch's own, or back. */
export function dataFollowingSwitch(base: DataSource, head: DataSource): string | undefined {
  const [from, to] = [followingOf(base), followingOf(head)];
  if (!from || !to || from === to) return undefined;
  return to === "pinned"
    ? "⚠️ **This PR switches the branch from following main's data.dvc to pinning its own** (`[data] pin = true`): after merge it trains on the data.dvc committed on the branch, and a data change on main no longer retrains it."
    : "⚠️ **This PR switches the branch from pinning its own data.dvc to following main's**: after merge it trains on main's current data.dvc, not the one committed on the branch, and every data change on main retrains it.";
}

/** Plain when markdown cannot misread it, so the line reads "follows main's data.dvc (main at …)". */
function branchName(branch: string): string {
  return /^[A-Za-z0-9./-]{1,60}$/.test(branch) ? branch : code(branch, 60);
}

function followingOf(data: DataSource): DataSource["mode"] {
  if (data.source !== "dvc") return undefined;
  return data.mode ?? (typeof data.trainedOn === "object" ? "follows" : undefined);
}

function trainedOnOf(value: unknown): DataSource["trainedOn"] {
  if (value === null) return "own";
  const from = asRecord(value);
  return typeof from?.branch === "string" && typeof from.commit === "string" ? { branch: from.branch, commit: from.commit } : undefined;
}

/** `[data]` of a readable config ({} when it has none: every key at its default); undefined without a config. */
function dataSectionOf(modelConfig: unknown): Record<string, unknown> | undefined {
  const config = asRecord(modelConfig);
  return config ? (asRecord(config.data) ?? {}) : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
