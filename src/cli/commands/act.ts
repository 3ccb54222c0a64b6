import type { Command } from "../command.js";

const command: Command = {
  name: "act",
  summary: "Run this repository's workflows for one event on a local origin (push, pull_request, schedule, workflow_dispatch)",
  usage: "<push|pull_request|schedule|workflow_dispatch> [--workflow F] [--branch B] [--base B] [--payload P] [--input k=v]... [--origin URL]",
  allowPositionals: true,
  options: {
    workflow: { type: "string", description: "Only this workflow file (e.g. pipeline.yml); required for workflow_dispatch", valueName: "F" },
    branch: { type: "string", description: "push: the pushed branch; pull_request: the head branch; workflow_dispatch: the ref (default: main)", valueName: "B" },
    base: { type: "string", description: "pull_request: the base branch (default: <team>/<SYMBOL> of exp/<team>/<SYMBOL>/…, else main)", valueName: "B" },
    before: { type: "string", description: "push: the branch's commit before the push (default: the parent of its tip)", valueName: "SHA" },
    payload: { type: "string", description: "JSON file merged over the generated event payload", valueName: "P" },
    input: { type: "string", multiple: true, description: "workflow_dispatch input, repeatable", valueName: "k=v" },
    schedule: { type: "string", description: "schedule: the cron line that fired (default: each workflow's first)", valueName: "CRON" },
    origin: { type: "string", description: "Clone URL of the origin: http(s), SSH, file:// or a path to a bare repository (default: a local origin made from this checkout)", valueName: "URL" },
    "api-url": { type: "string", description: "GitHub API base URL (default: a local stand-in started for this run)", valueName: "URL" },
    repository: { type: "string", description: "owner/name used in GITHUB_REPOSITORY", default: "local/stockops", valueName: "OWNER/NAME" },
    dir: { type: "string", description: "Folder for the runner's work (origin, runs, cache)", default: ".stockops/act", valueName: "DIR" },
  },
  details: `A runner for THIS repository's workflow files, not a general GitHub Actions emulator: the subset of
syntax they use is supported and anything else stops with the file and line (docs/local-runner.md).

Without --origin, the checkout's committed main, its branches and its tags are pushed to a bare origin
under DIR/git, served by git http-backend on 127.0.0.1 for the run, with a GitHub API stand-in. The run
ends with what it published there (branches and tags that moved) and copies new versions back into the
checkout (fast-forward only, new tags only), so stockops runs finds them next. Outside a git repository,
or for a --branch the checkout lacks, it stops before starting anything.

Examples:
  stockops act push --branch red/AAPL
  stockops act pull_request --branch exp/red/AAPL/mlp
  stockops act workflow_dispatch --workflow trade.yml --input date=2018-05-11`,
  async run(args, context) {
    const { runActCommand } = await import("../../runner/act-command.js");
    return runActCommand(args, context);
  },
};

export default command;
