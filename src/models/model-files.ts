import type { z } from "zod";
import { DataError, IntegrityError } from "../errors.js";

export type ModelFiles = Map<string, Uint8Array>;

export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

export function requireFile(files: ModelFiles, name: string, expected: string): Uint8Array {
  const bytes = files.get(name);
  if (!bytes) throw new IntegrityError(`missing model file; expected ${expected}`, { file: name });
  return bytes;
}

/** Parses and validates one JSON model file; a bad file names itself and the field that is wrong. */
export function readJsonFile<T extends z.ZodType>(files: ModelFiles, name: string, schema: T, expected: string): z.output<T> {
  const bytes = requireFile(files, name, expected);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new DataError(`not valid JSON (${(error as Error).message}); expected ${expected}`, { file: name });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || undefined;
    throw new DataError(`${issue?.message ?? "invalid content"}; expected ${expected}`, { file: name, field });
  }
  return parsed.data;
}
