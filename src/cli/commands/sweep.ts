import { UsageError } from "../../errors.js";
import type { Command } from "../command.js";

const command: Command = {
  name: "sweep",
  summary: "Grid search over stockops.toml keys: run each config locally, record all, propose the best as a branch + PR",
  usage:
    "--set KEY=V1,V2 [--set KEY=V1,V2...] [--dir DIR | --on BRANCH [--repo DIR]] [--out FILE] [--summary FILE] [--experiment BRANCH [--pr OWNER/REPO]]\n" +
    "       stockops sweep --plan --set KEY=V1,V2[;KEY=V1,V2...]                  (the grid as JSON, for a matrix)\n" +
    "       stockops sweep --trial JSON [--dir DIR | --on BRANCH [--repo DIR]] --out FILE (one grid point)\n" +
    "       stockops sweep --collect DIR [--repo DIR] [--out FILE] [--summary FILE] [--experiment BRANCH [--pr OWNER/REPO]]",
  options: {
    set: { type: "string", multiple: true, description: "A key of stockops.toml and the values to try, e.g. model.alpha=0.1,1,10; several keys in one --set are separated by ';'", valueName: "KEY=V1,V2" },
    dir: { type: "string", description: "Checkout of the model branch to sweep (its own artifacts are left untouched; default: the current folder)", valueName: "DIR" },
    on: { type: "string", description: "Sweep this branch without a checkout: its files are read from git (red/AAPL: the local branch, else origin/red/AAPL)", valueName: "BRANCH" },
    repo: { type: "string", description: "With --on: the clone or bare repository the branch is read from; with --experiment after --on or --collect: the clone that pushes", default: ".", valueName: "DIR" },
    out: { type: "string", description: "Where to record the trials (JSON)", default: "sweep-results.json", valueName: "FILE" },
    summary: { type: "string", description: "Also append the trials as a markdown table to this file, e.g. \"$GITHUB_STEP_SUMMARY\"", valueName: "FILE" },
    experiment: { type: "string", description: "Push the best config as this new branch, e.g. exp/red/AAPL/alpha", valueName: "BRANCH" },
    pr: { type: "string", description: "With --experiment: open a pull request into the model branch on this GitHub repository", valueName: "OWNER/REPO" },
    plan: { type: "boolean", description: "Print the expanded grid as one line of JSON ([{index, count, label, point}], at most 256) and run nothing" },
    trial: { type: "string", description: "Run one entry of --plan's JSON and write its result to --out (a matrix leg)", valueName: "JSON" },
    collect: { type: "string", description: "Merge the --trial results (*.json, any depth) under DIR, pick the best, record, and optionally open the experiment", valueName: "DIR" },
  },
  details: `Each trial runs features → train → evaluate in a temporary copy of the branch's files. Combinations the
config schema refuses (e.g. model.epochs for ridge) are recorded as invalid and skipped. The best trial is
the one with the lowest validation MAE, so the test span does not influence the choice; its test numbers are
then reviewed in the pull request like any change. Environment for --pr: GITHUB_TOKEN, GITHUB_API_URL.

--on BRANCH reads the branch's files from git objects into a temporary folder (nothing is checked out; a
clone's pulled data/ and .dvc/cache are linked in) and records the commit it read; --experiment then builds
the new branch on that commit. A branch the clone has not fetched yet needs 'git fetch origin' first.

On GitHub, .github/workflows/sweep.yml runs the same steps as a workflow_dispatch matrix: --plan expands the
grid (job plan), each leg runs --trial for one point and uploads its result (job trial), and --collect picks
the best by the same rule and opens the experiment (job collect). Locally the grid runs one trial at a time.

Values are split at commas and keys at ';', so list-valued keys (features.lags) cannot be swept.

Examples:
  stockops sweep --set model.alpha=0.1,1,10 --set split.train=0.6,0.7 --experiment exp/red/AAPL/alpha --pr me/stocks
  stockops sweep --on red/AAPL --set 'model.alpha=0.1,1,10;split.train=0.6,0.7'
  stockops sweep --plan --set 'model.alpha=0.1,1,10'
  stockops sweep --on red/AAPL --trial '{"index":0,"count":3,"point":{"model.alpha":0.1}}' --out trial-0.json
  stockops sweep --collect trials/ --experiment exp/red/AAPL/alpha --pr me/stocks`,
  async run(args, context) {
    const value = (name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);
    const sets = (args.values.set as string[] | undefined) ?? [];
    const modes = (["plan", "trial", "collect"] as const).filter((mode) => args.values[mode] !== undefined && args.values[mode] !== false);
    if (modes.length > 1) throw new UsageError(`--${modes.join(" and --")} cannot be combined; give one`, { field: modes[1] });
    const mode = modes[0] ?? "grid";
    const experiment = value("experiment");
    const pr = value("pr");
    if (pr && !experiment) throw new UsageError("--pr needs --experiment BRANCH (the pull request's head)", { field: "pr" });
    if (pr && !/^[^/\s]+\/[^/\s]+$/.test(pr)) throw new UsageError(`--pr expects OWNER/REPO, got '${pr}'`, { field: "pr" });
    if (value("on") && value("dir")) throw new UsageError("--on BRANCH reads the branch from git and --dir DIR is a checkout of it; give one", { field: "on" });
    if (experiment && (mode === "plan" || mode === "trial")) throw new UsageError(`--experiment goes with a whole sweep or --collect, not --${mode}`, { field: "experiment" });
    if (sets.length > 0 && (mode === "trial" || mode === "collect")) throw new UsageError(`--set is for a sweep or --plan; --${mode} takes its points from ${mode === "trial" ? "the JSON" : "the results"}`, { field: "set" });
    const modesFile = await import("../sweep-modes.js");
    const options = {
      sets,
      repo: String(args.values.repo ?? "."),
      out: String(args.values.out ?? "sweep-results.json"),
      ...(value("dir") ? { dir: value("dir")! } : {}),
      ...(value("on") ? { on: value("on")! } : {}),
      ...(value("summary") ? { summary: value("summary")! } : {}),
      ...(experiment ? { experiment } : {}),
      ...(pr ? { pr } : {}),
    };
    switch (mode) {
      case "plan":
        return modesFile.planMode(options, context);
      case "trial":
        return modesFile.trialMode({ ...options, trial: value("trial")! }, context);
      case "collect":
        return modesFile.collectMode({ ...options, collect: value("collect")! }, context);
      default:
        return modesFile.gridMode(options, context);
    }
  },
};

export default command;
