import { resolve } from "node:path";
import type { Command, CommandContext, ParsedArgs } from "../command.js";
import { runPipeline, type PipelineResult } from "../../pipeline/run-pipeline.js";
import type { StageName } from "../../pipeline/stage-lock.js";
import { renderRunSummary } from "../render-run-summary.js";

const options = {
  dir: { type: "string", description: "Model branch folder holding stockops.toml", default: ".", valueName: "DIR" },
  force: { type: "boolean", description: "Run every stage even if its inputs are unchanged" },
  json: { type: "boolean", description: "Print the result as JSON instead of a table" },
} as const;

const WRITES = `Writes (relative to --dir): models/<SYMBOL>/ (model files, scaler.json, features.json,
lineage.json, metrics.json, predictions.csv), reports/<SYMBOL>.md and stockops.lock.
A stage whose inputs are unchanged since stockops.lock was written is skipped and writes nothing.`;

function pipelineCommand(name: string, until: StageName, summary: string): Command {
  return {
    name,
    summary,
    usage: "[--dir DIR] [--force] [--json]",
    options,
    details: `${WRITES}\n\nExample: stockops ${name} --dir ./branches/red-AAPL`,
    run: (args, context) => runAndReport(args, context, until),
  };
}

async function runAndReport(args: ParsedArgs, context: CommandContext, until: StageName): Promise<number> {
  const dir = resolve(context.cwd, String(args.values.dir ?? "."));
  const result: PipelineResult = await runPipeline({
    dir,
    until,
    force: Boolean(args.values.force),
    logger: context.logger,
    onEpoch: (epoch) =>
      context.logger.progress(
        `epoch ${epoch.epoch}/${epoch.epochs}  loss ${epoch.loss.toExponential(3)}  val ${epoch.valLoss.toExponential(3)}  ${(epoch.elapsedMs / 1000).toFixed(1)} s`,
      ),
  });
  context.out(args.values.json ? JSON.stringify(await summaryJson(result), null, 2) : await renderRunSummary(result));
  return 0;
}

async function summaryJson(result: PipelineResult) {
  return { symbol: result.symbol, team: result.team, kind: result.kind, stages: result.stages };
}

export default [
  pipelineCommand("run", "report", "Run features → train → evaluate → report for one model branch, skipping unchanged stages"),
  pipelineCommand("features", "features", "Compute past-only features, the split and the train-only scaler"),
  pipelineCommand("train", "train", "Train the configured model (runs features first if needed)"),
  pipelineCommand("evaluate", "evaluate", "Evaluate on validation and test against the naive and ridge baselines, and backtest"),
  pipelineCommand("report", "report", "Write reports/<SYMBOL>.md (runs earlier stages if needed)"),
];
