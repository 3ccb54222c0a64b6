import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { DataError } from "../errors.js";
import type { Prediction } from "./api-schemas.js";

export const predictionLogLineSchema = z
  .strictObject({
    time: z.string().describe("When the prediction was served, ISO 8601 UTC."),
    request_id: z.string(),
    branch: z.string().describe("`<team>/<SYMBOL>`."),
    date: z.string().describe("Trading day the prediction was made at the close of."),
    model_version: z.string(),
    model_tag: z.string(),
    data_version: z.string().describe("Version of the prices the inputs came from."),
    close: z.number(),
    horizon: z.number().int().positive(),
    predicted_log_return: z.number(),
    predicted_close: z.number(),
  })
  .describe("One line of the serve prediction log, <DIR>/<YYYY-MM-DD>.jsonl (the day it was served, UTC).");

export type PredictionLogLine = z.output<typeof predictionLogLineSchema>;

export interface PredictionLog {
  append(requestId: string, prediction: Prediction, time: Date): void;
  close(): Promise<void>;
}

/**
 * Appends one JSON line per served prediction to the file of the UTC day it was served. A write that fails
 * (disk full) is reported to `onError` and does not stop the server; the predictions are still answered.
 */
export async function openPredictionLog(dir: string, onError: (error: Error) => void = () => {}): Promise<PredictionLog> {
  await mkdir(dir, { recursive: true });
  let day = "";
  let stream: WriteStream | undefined;
  const closing: Promise<void>[] = [];
  const closeStream = (current: WriteStream | undefined) => new Promise<void>((resolve) => (current ? current.end(resolve) : resolve()));
  return {
    append(requestId, prediction, time) {
      const today = time.toISOString().slice(0, 10);
      if (today !== day || !stream) {
        closing.push(closeStream(stream));
        day = today;
        stream = createWriteStream(join(dir, `${today}.jsonl`), { flags: "a" });
        stream.on("error", onError);
      }
      const line: PredictionLogLine = {
        time: time.toISOString(),
        request_id: requestId,
        branch: `${prediction.team}/${prediction.symbol}`,
        date: prediction.date,
        model_version: prediction.model.version,
        model_tag: prediction.model.tag,
        data_version: prediction.data_version,
        close: prediction.close,
        horizon: prediction.horizon,
        predicted_log_return: prediction.predicted_log_return,
        predicted_close: prediction.predicted_close,
      };
      stream.write(`${JSON.stringify(line)}\n`);
    },
    close: async () => {
      await Promise.all([...closing, closeStream(stream)]);
    },
  };
}

/** Every line of every `*.jsonl` in `dir`, in file-name (day) order; a bad line is a DataError naming file and line. */
export async function readPredictionLog(dir: string): Promise<PredictionLogLine[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".jsonl")).sort();
  const lines: PredictionLogLine[] = [];
  for (const name of names) {
    const file = join(dir, name);
    for (const [index, text] of (await readFile(file, "utf8")).split("\n").entries()) {
      if (text.trim() === "") continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new DataError("not a JSON object; expected one prediction log line", { file, line: index + 1 });
      }
      const parsed = predictionLogLineSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new DataError(`expected a prediction log line (${issue.message})`, { file, line: index + 1, field: issue.path.join(".") });
      }
      lines.push(parsed.data);
    }
  }
  return lines;
}
