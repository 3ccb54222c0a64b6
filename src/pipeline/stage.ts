import type { PipelineContext } from "./pipeline-context.js";
import type { StageLock, StageName } from "./stage-lock.js";

/** One step of the pipeline: what it depends on (as hashes) and what it produces (as bytes). */
export interface Stage {
  name: StageName;
  /** Input name → hash. Downstream stages name upstream outputs by the hashes the lock recorded for them. */
  inputs(context: PipelineContext, lock: StageLock): Record<string, string>;
  /** Output path (relative to the branch root) → bytes. Nothing is written by the stage itself. */
  run(context: PipelineContext): Promise<Map<string, Uint8Array>>;
}

export function outputsDigest(lock: StageLock, stage: StageName): string {
  const outputs = lock.stages[stage]?.outputs ?? {};
  return Object.entries(outputs)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, hash]) => `${path}:${hash}`)
    .join(",");
}

export const encodeText = (text: string): Uint8Array => new TextEncoder().encode(text);
export const encodeJson = (value: unknown): Uint8Array => encodeText(`${JSON.stringify(value, null, 2)}\n`);
