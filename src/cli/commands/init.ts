import { join, resolve } from "node:path";
import { access } from "node:fs/promises";
import { defaultModelConfigToml } from "../../config/default-model-config.js";
import { MODEL_KINDS, type ModelKind } from "../../config/model-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../../config/read-model-config.js";
import { writeFileAtomic } from "../../artifacts/write-atomic.js";
import { ConfigError, UsageError } from "../../errors.js";
import type { Command } from "../command.js";

const command: Command = {
  name: "init",
  summary: "Write a starting stockops.toml for a model branch",
  usage: "--team TEAM --symbol SYMBOL [--kind KIND] [--dir DIR]",
  options: {
    team: { type: "string", description: "Team that owns the branch (lower case)", valueName: "TEAM" },
    symbol: { type: "string", description: "Ticker (AAPL and SPX ship with the package)", valueName: "SYMBOL" },
    kind: { type: "string", description: `Model kind: ${MODEL_KINDS.join(", ")}`, default: "ridge", valueName: "KIND" },
    dir: { type: "string", description: "Folder to write stockops.toml into", default: ".", valueName: "DIR" },
  },
  details: "Example: stockops init --team red --symbol AAPL --kind mlp --dir red-AAPL && stockops run --dir red-AAPL",
  async run(args, context) {
    const { team, symbol } = args.values;
    if (typeof team !== "string" || typeof symbol !== "string") throw new UsageError("--team and --symbol are required");
    const kind = String(args.values.kind ?? "ridge");
    if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${MODEL_KINDS.join(", ")}, got '${kind}'`);
    const path = join(resolve(context.cwd, String(args.values.dir ?? ".")), MODEL_CONFIG_FILE);
    if (await access(path).then(() => true, () => false)) throw new ConfigError("already exists; edit it or remove it first", { file: path });
    const text = defaultModelConfigToml(team, symbol, kind as ModelKind);
    parseModelConfig(text, path);
    await writeFileAtomic(path, text);
    context.out(`wrote ${path}`);
  },
};

export default command;
