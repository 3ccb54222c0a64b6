/**
 * What an action's `action.yml` declares, as data the action's `main.ts` reads inputs and sets outputs by.
 * `test/actions/action-spec.test.ts` checks every `actions/<x>/src/spec.ts` against its `action.yml`, so
 * the two cannot drift apart.
 */
export interface InputSpec {
  description: string;
  required?: boolean;
  /** As written in action.yml; the runner passes it when the workflow gives no value. */
  default?: string;
}

export interface ActionSpec {
  name: string;
  description: string;
  inputs: Record<string, InputSpec>;
  /** Output name → description. */
  outputs: Record<string, string>;
}

export type InputsOf<S extends ActionSpec> = { [K in keyof S["inputs"]]: string };
export type OutputsOf<S extends ActionSpec> = { [K in keyof S["outputs"]]: string };

export function defineAction<const S extends ActionSpec>(spec: S): S {
  return spec;
}
