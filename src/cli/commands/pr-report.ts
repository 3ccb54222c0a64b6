import { appendFile, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ConfigError, UsageError } from "../../errors.js";
import type { Command } from "../command.js";

const command: Command = {
  name: "pr-report",
  summary: "Post the pull request's metrics report (head vs base) as one sticky comment, or to the job summary for a fork",
  usage: "[--dir DIR] [--event FILE] [--summary FILE]",
  options: {
    dir: { type: "string", description: "The pull request's checkout, already evaluated with 'stockops run'", default: ".", valueName: "DIR" },
    event: { type: "string", description: "pull_request payload (default: $GITHUB_EVENT_PATH)", valueName: "FILE" },
    summary: { type: "string", description: "Job summary file to append the report to (default: $GITHUB_STEP_SUMMARY, else stdout)", valueName: "FILE" },
  },
  details: `Reads the head's metrics.json, predictions.csv and stockops.toml from --dir (a fork's head is first
re-evaluated with every stage forced: its committed artifacts are never trusted), fetches the base branch
named in the event and reads its published files from git objects, then creates or updates the comment marked
<!-- stockops:pr-report <team>/<SYMBOL> --> on the pull request. A pull request from a fork (read-only token)
gets the report in the job summary instead, and the command still succeeds.
Environment: GITHUB_TOKEN (required), GITHUB_API_URL (default https://api.github.com).

Example: GITHUB_TOKEN=… stockops pr-report --dir . --event "$GITHUB_EVENT_PATH"`,
  async run(args, context) {
    const text = (name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);
    const dir = resolve(context.cwd, text("dir") ?? ".");
    const eventPath = text("event") ?? context.env.GITHUB_EVENT_PATH;
    if (!eventPath) throw new UsageError("--event FILE (or GITHUB_EVENT_PATH) is required: the pull_request payload", { field: "event" });
    const event = await readEvent(resolve(context.cwd, eventPath));
    const summaryPath = text("summary") ?? context.env.GITHUB_STEP_SUMMARY;
    const [{ createOctokitClient, octokitOptionsFromEnv }, { createRestGitHubApi }, { runPrReportForCheckout }, { openGitRepo }, { redactSecrets, secretsInEnv }] = await Promise.all([
      import("../../github/octokit-client.js"),
      import("../../github/rest-github-api.js"),
      import("../../github/pr-report-for-checkout.js"),
      import("../../gitops/isomorphic-git-repo.js"),
      import("../../github/mask.js"),
    ]);
    const secrets = secretsInEnv(context.env);
    const clientOptions = octokitOptionsFromEnv(context.env);
    const api = createRestGitHubApi(await createOctokitClient(clientOptions));
    const result = await runPrReportForCheckout({
      dir,
      event,
      git: openGitRepo({ dir, token: clientOptions.token, env: context.env }),
      api,
      logger: context.logger,
      writeSummary: async (text) => {
        const markdown = redactSecrets(text, secrets);
        return summaryPath ? appendFile(resolve(context.cwd, summaryPath), `${markdown}\n`) : context.out(markdown);
      },
    });
    context.out(result.posted === "summary-only" ? `report written to the job summary (${result.reason})` : `report ${result.posted}: ${result.commentUrl}`);
    return 0;
  },
};

async function readEvent(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new ConfigError("not found; expected the pull_request event payload (GITHUB_EVENT_PATH)", { file: path });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`not valid JSON (${(error as Error).message})`, { file: path });
  }
}

export default command;
