import type { WorkflowStep } from "./parse-workflow.js";

/**
 * The context name of each step (`github.action`, GITHUB_ACTION), as actions/runner's
 * WorkflowTemplateConverter.ConvertToSteps and IdBuilder make them: the step's `id`, else `__run`,
 * `__self` for a local action, `__owner_repo` for `owner/repo@ref`; illegal characters become `_`
 * and a name already taken gets `_2`, `_3`, ….
 */
export function stepContextNames(steps: readonly WorkflowStep[]): string[] {
  const taken = new Set(steps.flatMap((step) => (step.id ? [step.id] : [])));
  return steps.map((step) => step.id ?? unique(`__${defaultName(step.uses)}`, taken));
}

function defaultName(uses: string | undefined): string {
  if (uses === undefined) return "run";
  if (uses.startsWith("docker://")) return uses.slice("docker://".length);
  if (uses.startsWith("./") || uses.startsWith(".\\")) return "self";
  const [path = "", ref, ...extra] = uses.split("@");
  const segments = path.split(/[/\\]/).filter(Boolean);
  return ref && extra.length === 0 && segments.length >= 2 ? `${segments[0]}/${segments[1]}` : "run";
}

function unique(segment: string, taken: Set<string>): string {
  const original = segment.replace(/[^A-Za-z0-9_-]/g, "_");
  for (let attempt = 1; attempt < 1000; attempt += 1) {
    const candidate = attempt === 1 ? original : `${original}_${attempt}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  throw new Error("Unable to create a unique name");
}
