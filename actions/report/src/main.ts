import { resolve } from "node:path";
import { core, coreLogger, runAction, tokenOf, setOutputs } from "../../shared/core-glue.js";
import { githubApi } from "../../shared/github-client.js";
import { runPipelineStep } from "../../shared/pipeline-step.js";
import { openGitRepo } from "../../../src/gitops/isomorphic-git-repo.js";
import { explainForkWithoutData } from "../../../src/github/fork-without-data.js";
import { redactSecrets, secretsInEnv } from "../../../src/github/mask.js";
import { isFromFork, parsePullRequestEvent, pullRequestEventOf } from "../../../src/github/pull-request-event.js";
import { runPrReportForCheckout } from "../../../src/github/pr-report-for-checkout.js";
import { spec } from "./spec.js";

await runAction(
  spec,
  async (inputs) => {
    const token = tokenOf(inputs);
    const git = openGitRepo({ dir: resolve(process.env.GITHUB_WORKSPACE ?? ".", inputs.dir), token });
    const event = await pullRequestEventOf({ number: inputs["pull-request"], eventPath: process.env.GITHUB_EVENT_PATH, repository: process.env.GITHUB_REPOSITORY ?? "", api: githubApi(token), git });
    // A fork's head is recomputed from scratch: its committed artifacts and lock entries are never trusted.
    const fromFork = isFromFork(parsePullRequestEvent(event));
    const secrets = [token, ...secretsInEnv(process.env)];
    const summarize = async (markdown: string) => void (await core.summary.addRaw(redactSecrets(markdown, secrets), true).write());
    const evaluated = await runPipelineStep("evaluate", { dir: inputs.dir, force: fromFork ? "true" : "false" }).catch((error: unknown) => {
      const explanation = explainForkWithoutData(event, error, secrets);
      if (explanation === undefined) throw error;
      return explanation;
    });
    if (typeof evaluated === "string") {
      core.warning(redactSecrets(evaluated.split("\n")[2] ?? "head not evaluated", secrets));
      await summarize(evaluated);
      setOutputs(spec, { posted: "summary-only", "comment-url": "", reason: "a fork's run could not load the head's data" });
      return;
    }
    const outcome = await runPrReportForCheckout({
      dir: evaluated.result.dir,
      event,
      git: openGitRepo({ dir: evaluated.result.dir, token }),
      api: githubApi(token),
      logger: coreLogger,
      writeSummary: summarize,
      headRecomputed: fromFork,
    });
    setOutputs(spec, { posted: outcome.posted, "comment-url": outcome.commentUrl ?? "", reason: outcome.reason ?? "" });
    if (outcome.posted !== "summary-only") await summarize(`PR report ${outcome.posted}: ${outcome.commentUrl}`);
  },
  (inputs) => [tokenOf(inputs)],
);

