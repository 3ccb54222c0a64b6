import { resolve } from "node:path";
import { booleanInput, core, coreLogger, runAction, setOutputs, tokenOf } from "../../shared/core-glue.js";
import { renderMonitorSummary } from "../../../src/monitor/render-monitor-summary.js";
import { runMonitorForCheckout } from "../../../src/monitor/run-monitor-for-checkout.js";
import { spec } from "./spec.js";

await runAction(
  spec,
  async (inputs) => {
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const only = inputs.branches.split(/[\s,]+/).filter(Boolean);
    const summary = await runMonitorForCheckout({
      dir: resolve(workspace, inputs.dir),
      env: { ...process.env, GITHUB_TOKEN: tokenOf(inputs) },
      ...(inputs["prices-dir"] ? { pricesDir: resolve(workspace, inputs["prices-dir"]) } : {}),
      ...(only.length > 0 ? { only } : {}),
      dryRun: booleanInput(inputs["dry-run"], "dry-run"),
      workflow: inputs.workflow,
      logger: coreLogger,
    });
    setOutputs(spec, {
      checked: String(summary.measurements.length),
      flagged: summary.decisions.filter((decision) => decision.reasons.length > 0).map((decision) => decision.branch).join(","),
      dispatched: summary.dispatched.join(","),
      "log-commit": summary.logCommit ?? "",
    });
    await core.summary.addRaw(renderMonitorSummary(summary), true).write();
  },
  (inputs) => [tokenOf(inputs)],
);
