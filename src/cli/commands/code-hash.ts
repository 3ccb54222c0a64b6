import { UsageError } from "../../errors.js";
import type { Command } from "../command.js";
import { codeHashes } from "../../pipeline/code-hash.js";

const command: Command = {
  name: "code-hash",
  summary: "Print the content hash of the code each pipeline stage runs (what the stage cache and lineage.json key on)",
  usage: "[--stage STAGE] [--json]",
  options: {
    stage: { type: "string", description: "Print only this stage's hash (features, train, evaluate, report) or 'pipeline'", valueName: "STAGE" },
    json: { type: "boolean", description: "Print every hash as JSON" },
  },
  details: `A stage's hash covers every source file it reaches through imports, so a README or dashboard change
changes none of them. pipeline.yml puts --stage pipeline into the models cache key.`,
  async run(args, context) {
    const hashes = codeHashes();
    const stage = args.values.stage === undefined ? undefined : String(args.values.stage);
    if (stage !== undefined) {
      const hash = stage === "pipeline" ? hashes.pipeline : hashes.stages[stage as keyof typeof hashes.stages];
      if (!hash) throw new UsageError(`--stage: expected one of features, train, evaluate, report, pipeline; got '${stage}'`);
      context.out(hash);
      return 0;
    }
    if (args.values.json) context.out(JSON.stringify(hashes, null, 2));
    else context.out([...Object.entries(hashes.stages), ["pipeline", hashes.pipeline] as const].map(([name, hash]) => `${name.padEnd(9)} ${hash}`).join("\n") + `\n(from ${hashes.source})`);
    return 0;
  },
};

export default command;
