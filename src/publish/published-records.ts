import { z } from "zod";
import { IntegrityError } from "../errors.js";
import { parseStrictJson } from "../files/strict-json.js";

/** Files the publish step owns inside `models/<SYMBOL>/`; every other file there is a pipeline artifact. */
export function publishedPaths(symbol: string) {
  const modelDir = `models/${symbol}`;
  return {
    modelDir,
    versions: `${modelDir}/versions.jsonl`,
    champion: `${modelDir}/champion.json`,
    card: `${modelDir}/CARD.md`,
    report: `reports/${symbol}.md`,
    lock: "stockops.lock",
  };
}

export function versionTag(team: string, symbol: string, version: number): string {
  return `models/${team}/${symbol}/v${version}`;
}

const gateVerdict = z
  .strictObject({
    promoted: z.boolean().describe("Whether this version became the branch's champion."),
    reason: z.string().describe("The gate's numbers, in words."),
  })
  .describe("What the promotion gate decided.");

export const versionRecordSchema = z
  .strictObject({
    version: z.number().int().positive().describe("Version number, 1 + the highest recorded before it on this branch."),
    date: z.string().describe("When it was published, ISO 8601 UTC."),
    tag: z.string().describe("Tag pointing at the commit that holds this version's files."),
    config_commit: z.string().nullable().describe("Commit of the branch (and its stockops.toml) the model was trained from."),
    config_hash: z.string().nullable().describe("md5 of the validated config, from lineage.json."),
    data_version: z.string().nullable().describe("data.dvc entry hash, or the price file's md5 for embedded data."),
    model: z.strictObject({ kind: z.string(), backend: z.string() }).describe("Model kind and compute backend."),
    metrics: z
      .strictObject({
        test_mae: z.number(),
        test_rmse: z.number(),
        test_hit_rate: z.number(),
        naive_mae: z.number(),
        skill_vs_naive: z.number(),
      })
      .describe("Key test-span metrics (full set in metrics.json at the tag)."),
    gate: gateVerdict,
    artifacts_md5: z.string().describe("md5 over the published artifacts' paths and bytes."),
  })
  .describe("One line of models/<SYMBOL>/versions.jsonl: a published run, promoted or not.");

export type VersionRecord = z.output<typeof versionRecordSchema>;

const championEra = z.strictObject({
  version: z.number().int().positive(),
  tag: z.string(),
  since: z.string(),
  until: z.string().nullable(),
  reason: z.string(),
});

export const championSchema = z
  .strictObject({
    schema: z.literal(1).describe("Layout version."),
    version: z.number().int().positive().describe("Champion version; its files are at `tag`."),
    tag: z.string().describe("Tag of the champion's commit: read its model files there, not from the branch tip."),
    since: z.string().describe("When it became champion, ISO 8601 UTC."),
    reason: z.string().describe("The gate's numbers when it was promoted."),
    kind: z.string().describe("Model kind."),
    test_mae: z.number().describe("Its test MAE, which later versions must not exceed to be promoted."),
    skill_vs_naive: z.number().describe("Its skill vs the naive forecast."),
    history: z.array(championEra).describe("Every champion in order, this one last (until = null)."),
  })
  .describe("models/<SYMBOL>/champion.json: the version trading uses, and how it got there.");

export type Champion = z.output<typeof championSchema>;

/** Parses versions.jsonl; a line that does not parse is an IntegrityError naming the line, since numbering depends on it. */
export function parseVersionRecords(text: string | undefined, file: string): VersionRecord[] {
  if (!text) return [];
  const records: VersionRecord[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new IntegrityError("not a JSON object; versions.jsonl is append-only, one JSON object a line", { file, line: index + 1 });
    }
    const parsed = versionRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IntegrityError(`expected a version record (${issue?.message})`, { file, line: index + 1, field: issue?.path.join(".") || undefined });
    }
    records.push(parsed.data);
  }
  return records;
}

export function renderVersionRecord(record: VersionRecord): string {
  return `${JSON.stringify(versionRecordSchema.parse(record))}\n`;
}

export function parseChampion(text: string | undefined, file: string): Champion | undefined {
  if (!text) return undefined;
  const raw = parseStrictJson(text, file, { error: IntegrityError, hint: "expected the champion record written by publish" });
  const parsed = championSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IntegrityError(`expected a champion record (${issue?.message})`, { file, field: issue?.path.join(".") || undefined });
  }
  return parsed.data;
}

export function renderChampion(champion: Champion): string {
  return `${JSON.stringify(championSchema.parse(champion), null, 2)}\n`;
}
