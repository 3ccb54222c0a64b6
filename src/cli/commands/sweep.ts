import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { Command } from "../command.js";

const command: Command = {
  name: "sweep",
  summary: "Grid search over stockops.toml keys: run each config locally, record all, propose the best as a branch + PR",
  usage: "--set KEY=V1,V2 [--set KEY=V1,V2...] [--dir DIR] [--out FILE] [--experiment BRANCH [--pr OWNER/REPO]]",
  options: {
    set: { type: "string", multiple: true, description: "A key of stockops.toml and the values to try, e.g. model.alpha=0.1,1,10", valueName: "KEY=V1,V2" },
    dir: { type: "string", description: "Checkout of the model branch to sweep (its own artifacts are left untouched)", default: ".", valueName: "DIR" },
    out: { type: "string", description: "Where to record every trial (JSON)", default: "sweep-results.json", valueName: "FILE" },
    experiment: { type: "string", description: "Push the best config as this new branch, e.g. exp/red/AAPL/alpha", valueName: "BRANCH" },
    pr: { type: "string", description: "With --experiment: open a pull request into the model branch on this GitHub repository", valueName: "OWNER/REPO" },
  },
  details: `Each trial runs features → train → evaluate in a temporary copy of the branch folder. Combinations the
config schema refuses (e.g. model.epochs for ridge) are recorded as invalid and skipped. The best trial is
the one with the lowest validation MAE, so the test span does not influence the choice; its test numbers are
then reviewed in the pull request like any change. Environment for --pr: GITHUB_TOKEN, GITHUB_API_URL.

Values are split at commas, so list-valued keys (features.lags) cannot be swept.

Example: stockops sweep --set model.alpha=0.1,1,10 --set split.train=0.6,0.7 --experiment exp/red/AAPL/alpha --pr me/stocks`,
  async run(args, context) {
    const sets = (args.values.set as string[] | undefined) ?? [];
    const pr = typeof args.values.pr === "string" ? args.values.pr : undefined;
    const experiment = typeof args.values.experiment === "string" ? args.values.experiment : undefined;
    if (pr && !experiment) throw new UsageError("--pr needs --experiment BRANCH (the pull request's head)", { field: "pr" });
    const repoMatch = pr ? /^([^/\s]+)\/([^/\s]+)$/.exec(pr) : null;
    if (pr && !repoMatch) throw new UsageError(`--pr expects OWNER/REPO, got '${pr}'`, { field: "pr" });
    const [{ expandGrid, describePoint }, { runSweep }, { writeFileAtomic }, { readModelConfig, MODEL_CONFIG_FILE }] = await Promise.all([
      import("../../tracking/sweep-grid.js"),
      import("../../tracking/sweep.js"),
      import("../../artifacts/write-atomic.js"),
      import("../../config/read-model-config.js"),
    ]);
    const points = expandGrid(sets);
    const dir = resolve(context.cwd, String(args.values.dir ?? "."));
    const config = await readModelConfig(resolve(dir, MODEL_CONFIG_FILE));
    const result = await runSweep({ dir, points, logger: context.logger });
    const out = resolve(context.cwd, String(args.values.out ?? "sweep-results.json"));
    await writeFileAtomic(out, `${JSON.stringify({ branch: `${config.team}/${config.symbol}`, trials: result.trials, best: result.best?.index ?? null }, null, 2)}\n`);
    for (const trial of result.trials) {
      const numbers = trial.metrics ? `validation MAE ${trial.metrics.validation_mae.toFixed(4)}, test MAE ${trial.metrics.test_mae.toFixed(4)}` : trial.error;
      context.out(`${trial === result.best ? "*" : " "} ${describePoint(trial.point).padEnd(40)} ${trial.status.padEnd(8)} ${numbers}`);
    }
    context.out(`${result.trials.length} trials recorded in ${out}${result.best ? `; best: ${describePoint(result.best.point)}` : "; none succeeded"}`);
    if (!experiment) return result.best ? 0 : 1;
    const { openGitRepo } = await import("../../gitops/isomorphic-git-repo.js");
    const { openExperimentBranch } = await import("../../tracking/experiment-branch.js");
    const token = context.env.GITHUB_TOKEN || undefined;
    const github = repoMatch ? await githubApi(context.env, { owner: repoMatch[1]!, repo: repoMatch[2]! }) : undefined;
    const opened = await openExperimentBranch({
      repo: openGitRepo({ dir, ...(token ? { token } : {}) }),
      base: `${config.team}/${config.symbol}`,
      branch: experiment,
      sweep: result,
      now: new Date(),
      ...(github ? { github } : {}),
    });
    context.out(`pushed ${experiment} (${opened.commit.slice(0, 12)})${opened.pullRequest ? `; pull request #${opened.pullRequest.number}: ${opened.pullRequest.htmlUrl}` : ""}`);
    return 0;
  },
};

async function githubApi(env: NodeJS.ProcessEnv, repo: { owner: string; repo: string }) {
  const [{ createOctokitClient, octokitOptionsFromEnv }, { createRestGitHubApi }] = await Promise.all([import("../../github/octokit-client.js"), import("../../github/rest-github-api.js")]);
  return { api: createRestGitHubApi(await createOctokitClient(octokitOptionsFromEnv(env))), repo };
}

export default command;
