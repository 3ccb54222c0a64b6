import { resolve } from "node:path";
import { booleanInput, core, coreLogger, runAction, tokenOf, setOutputs } from "../../shared/core-glue.js";
import { readModelConfig, MODEL_CONFIG_FILE } from "../../../src/config/read-model-config.js";
import { openGitRepo } from "../../../src/gitops/isomorphic-git-repo.js";
import { publishArtifacts } from "../../../src/publish/publish-artifacts.js";
import { spec } from "./spec.js";

await runAction(
  spec,
  async (inputs) => {
    const token = tokenOf(inputs);
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const workdir = resolve(workspace, inputs.dir);
    const config = await readModelConfig(resolve(workdir, MODEL_CONFIG_FILE));
    const branch = inputs.branch || process.env.GITHUB_REF_NAME || "";
    const result = await publishArtifacts({
      repo: openGitRepo({ dir: workspace, ...(token ? { token } : {}) }),
      branch,
      team: config.team,
      symbol: config.symbol,
      workdir,
      logger: coreLogger,
      clock: { now: () => new Date() },
      skipCi: booleanInput(inputs["skip-ci"], "skip-ci"),
    });
    setOutputs(spec, {
      "model-version": result.version === undefined ? "" : String(result.version),
      promoted: String(result.promoted),
      pushed: String(result.pushed),
      commit: result.commit ?? "",
      tag: result.tag ?? "",
      reason: result.skippedReason ?? result.gateReason ?? "",
    });
    const title = result.pushed ? `published ${branch} v${result.version} (${result.promoted ? "champion" : "not promoted"})` : `publish ${branch}: nothing to commit`;
    await core.summary.addHeading(title, 3).addRaw(result.skippedReason ?? result.gateReason ?? "", true).addRaw(result.card ? `\n\n${result.card}` : "").write();
  },
  (inputs) => [tokenOf(inputs)],
);
