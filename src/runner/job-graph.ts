import { ConfigError } from "../errors.js";
import type { Workflow, WorkflowJob } from "./parse-workflow.js";

/**
 * Jobs in an order that respects `needs` (ties keep file order, so runs are reproducible).
 * An unknown job in `needs` or a cycle is a `ConfigError` at the `needs` line.
 */
export function orderJobs(workflow: Workflow): WorkflowJob[] {
  const byId = new Map(workflow.jobs.map((job) => [job.id, job]));
  for (const job of workflow.jobs) {
    for (const need of job.needs) {
      if (!byId.has(need)) throw new ConfigError(`job '${job.id}' needs '${need}', which is not a job of this workflow`, workflow.locate([...job.path, "needs"], "needs"));
    }
  }
  const ordered: WorkflowJob[] = [];
  const done = new Set<string>();
  while (ordered.length < workflow.jobs.length) {
    const ready = workflow.jobs.find((job) => !done.has(job.id) && job.needs.every((need) => done.has(need)));
    if (!ready) {
      const stuck = workflow.jobs.filter((job) => !done.has(job.id));
      throw new ConfigError(`jobs ${stuck.map((job) => `'${job.id}'`).join(", ")} need each other in a cycle`, workflow.locate([...stuck[0]!.path, "needs"], "needs"));
    }
    ordered.push(ready);
    done.add(ready.id);
  }
  return ordered;
}
