import type { Logger } from "../logger/logger.js";
import type { EvaluationScope } from "./expressions.js";
import type { RunnerSetup } from "./runner-setup.js";
import type { Workflow, WorkflowJob, WorkflowStep } from "./parse-workflow.js";

/** What a step handler gets: where it runs, its environment, and how to report outputs. */
export interface StepRuntime {
  setup: RunnerSetup;
  workflow: Workflow;
  job: WorkflowJob;
  step: WorkflowStep;
  /** Display name, e.g. `Run npm ci` or the step's `name:`. */
  stepName: string;
  workspace: string;
  temp: string;
  /** The run's folder (artifacts, summaries). */
  runDir: string;
  /** Environment for the step's process: runner variables, workflow/job/step env, GITHUB_ENV. */
  env: Record<string, string>;
  /** Evaluation scope for this step's expressions (with location of the step). */
  scope: EvaluationScope;
  logger: Logger;
  masks: Set<string>;
  /** How long the step may run: its own timeout-minutes, and never past the job's. */
  timeoutMs: number;
  /** Registers something to run after the job's steps (what a `post:` does), when `condition` (post-if, default always()) holds. */
  addPostStep(name: string, run: () => Promise<void>, condition?: string): void;
}

export interface StepOutcome {
  ok: boolean;
  outputs: Record<string, string>;
  /** Why it failed, for the log and the run result. */
  failure?: string;
}

/** Where a step is, for messages: `.github/workflows/x.yml, line 12: job 'j', step 'name'`. */
export function stepLabel(runtime: Pick<StepRuntime, "job" | "stepName">): string {
  return `job '${runtime.job.id}', step '${runtime.stepName}'`;
}
