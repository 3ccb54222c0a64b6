import * as core from "@actions/core";
import { UsageError } from "../../src/errors.js";
import { maskSecrets, redactSecrets, secretsInEnv } from "../../src/github/mask.js";
import type { Logger } from "../../src/logger/logger.js";
import type { ActionSpec, InputsOf, OutputsOf } from "./action-spec.js";

/**
 * Every input the spec declares, read the way the runner passes them (`INPUT_<NAME>`, trimmed), with the
 * spec's default filling a missing value so the bundle behaves the same when run outside a runner.
 */
export function readInputs<S extends ActionSpec>(spec: S): InputsOf<S> {
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(spec.inputs)) {
    const value = core.getInput(name) || runnerFreeDefault(input.default);
    if (input.required && value === "") throw new UsageError(`input '${name}' is required: ${input.description}`, { field: name });
    values[name] = value;
  }
  return values as InputsOf<S>;
}

/** A default such as `${{ github.token }}` only means something on a runner, which substitutes it itself. */
function runnerFreeDefault(value: string | undefined): string {
  return value === undefined || value.includes("${{") ? "" : value;
}

export function booleanInput(value: string, name: string): boolean {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0|)$/i.test(value)) return false;
  throw new UsageError(`input '${name}' must be true or false, got '${value}'`, { field: name });
}

/** Sets every output the spec declares (an output left out would silently read as '' in the workflow). */
export function setOutputs<S extends ActionSpec>(spec: S, outputs: OutputsOf<S>): void {
  for (const name of Object.keys(spec.outputs)) core.setOutput(name, (outputs as Record<string, string>)[name] ?? "");
}

/** `Logger` over the runner's log: warnings become annotations. */
export const coreLogger: Logger = {
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  progress: (message) => core.info(message),
};

/** `::add-mask::` for each secret and every form derived from it; call before anything prints. */
export function maskTokens(...secrets: (string | undefined)[]): void {
  maskSecrets(secrets, (value) => core.setSecret(value));
}

/**
 * The shape every action's main has: read the inputs the spec declares, mask the secrets among them (and
 * any others) before anything prints, run the body; any error fails the step with the one line our typed
 * errors carry (file, line and field included).
 */
export async function runAction<S extends ActionSpec>(
  spec: S,
  body: (inputs: InputsOf<S>) => Promise<void>,
  secretsOf: (inputs: InputsOf<S>) => (string | undefined)[] = () => [],
): Promise<void> {
  let secrets: (string | undefined)[] = [];
  try {
    const inputs = readInputs(spec);
    secrets = [...secretsOf(inputs), ...secretsInEnv(process.env)];
    maskTokens(...secrets);
    await body(inputs);
  } catch (error) {
    // The runner masks registered secrets in the log, but an error can also reach a summary or an annotation.
    core.setFailed(redactSecrets(error instanceof Error ? error.message : String(error), secrets));
  }
}

/** The token input, else the `GITHUB_TOKEN` of the environment (the local runner and the CLI set it). */
export function tokenOf(inputs: { token: string }): string {
  return inputs.token || process.env.GITHUB_TOKEN || "";
}

export { core };
