import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { core, coreLogger, runAction, tokenOf, setOutputs } from "../../shared/core-glue.js";
import { githubApi } from "../../shared/github-client.js";
import { runPipelineStep } from "../../shared/pipeline-step.js";
import { ConfigError } from "../../../src/errors.js";
import { openGitRepo } from "../../../src/gitops/isomorphic-git-repo.js";
import { explainForkWithoutData } from "../../../src/github/fork-without-data.js";
import { runPrReportForCheckout } from "../../../src/github/pr-report-for-checkout.js";
import { pullRequestEventForDispatch } from "../../../src/github/pull-request-event.js";
import { spec } from "./spec.js";

await runAction(
  spec,
  async (inputs) => {
    const token = tokenOf(inputs);
    const dispatched = inputs["pull-request"];
    const event: unknown = dispatched
      ? await pullRequestEventForDispatch({ number: dispatched, repository: process.env.GITHUB_REPOSITORY ?? "", api: githubApi(token), git: openGitRepo({ dir: resolve(process.env.GITHUB_WORKSPACE ?? ".", inputs.dir), token }) })
      : JSON.parse(await readFile(eventPathOf(), "utf8"));
    const evaluated = await runPipelineStep("evaluate", { dir: inputs.dir, force: "false" }).catch((error: unknown) => {
      const explanation = explainForkWithoutData(event, error);
      if (explanation === undefined) throw error;
      return explanation;
    });
    if (typeof evaluated === "string") {
      core.warning(evaluated.split("\n")[2] ?? "head not evaluated");
      await core.summary.addRaw(evaluated, true).write();
      setOutputs(spec, { posted: "summary-only", "comment-url": "", reason: "a fork's run could not load the head's data" });
      return;
    }
    const outcome = await runPrReportForCheckout({
      dir: evaluated.result.dir,
      event,
      git: openGitRepo({ dir: evaluated.result.dir, token }),
      api: githubApi(token),
      logger: coreLogger,
      writeSummary: async (markdown) => void (await core.summary.addRaw(markdown, true).write()),
    });
    setOutputs(spec, { posted: outcome.posted, "comment-url": outcome.commentUrl ?? "", reason: outcome.reason ?? "" });
    if (outcome.posted !== "summary-only") await core.summary.addRaw(`PR report ${outcome.posted}: ${outcome.commentUrl}`, true).write();
  },
  (inputs) => [tokenOf(inputs)],
);

function eventPathOf(): string {
  if (!process.env.GITHUB_EVENT_PATH) throw new ConfigError("GITHUB_EVENT_PATH is not set; this action runs on pull_request events", { field: "GITHUB_EVENT_PATH" });
  return process.env.GITHUB_EVENT_PATH;
}
