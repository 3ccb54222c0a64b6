import { join, resolve } from "node:path";
import { access } from "node:fs/promises";
import { defaultModelConfigToml, type DataSourceKind } from "../../config/default-model-config.js";
import { MODEL_KINDS, type ModelKind } from "../../config/model-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../../config/read-model-config.js";
import { writeFileAtomic } from "../../artifacts/write-atomic.js";
import { embeddedSymbols } from "../../data/embedded-datasets.js";
import { ConfigError, UsageError } from "../../errors.js";
import { closestName } from "../closest-name.js";
import type { Command } from "../command.js";

const SOURCES: readonly DataSourceKind[] = ["package", "csv", "dvc"];

const command: Command = {
  name: "init",
  summary: "Write a starting stockops.toml for a model branch",
  usage: "--team TEAM --symbol SYMBOL [--kind KIND] [--source package|csv|dvc] [--dir DIR]",
  options: {
    team: { type: "string", description: "Team that owns the branch (lower case)", valueName: "TEAM" },
    symbol: { type: "string", description: `Ticker (${embeddedSymbols().join(" and ")} ship with the package)`, valueName: "SYMBOL" },
    kind: { type: "string", description: `Model kind: ${MODEL_KINDS.join(", ")}`, default: "ridge", valueName: "KIND" },
    source: { type: "string", description: "Where prices come from: package (embedded symbols only; the default for them), csv (prices.csv beside it) or dvc (data/ tracked by data.dvc)", valueName: "SOURCE" },
    dir: { type: "string", description: "Folder to write stockops.toml into", default: ".", valueName: "DIR" },
  },
  details: `Example: stockops init --team red --symbol AAPL --kind mlp --dir red-AAPL && stockops run --dir red-AAPL
Another ticker: stockops init --team red --symbol MSFT --source csv (then put its prices in prices.csv)`,
  async run(args, context) {
    const { team, symbol } = args.values;
    if (typeof team !== "string" || typeof symbol !== "string") throw new UsageError("--team and --symbol are required");
    const kind = String(args.values.kind ?? "ridge");
    if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${MODEL_KINDS.join(", ")}, got '${kind}'`, { field: "kind" });
    const source = dataSource(symbol, args.values.source);
    const path = join(resolve(context.cwd, String(args.values.dir ?? ".")), MODEL_CONFIG_FILE);
    if (await access(path).then(() => true, () => false)) throw new ConfigError("already exists; edit it or remove it first", { file: path });
    const text = defaultModelConfigToml(team, symbol, kind as ModelKind, source);
    parseModelConfig(text, path);
    await writeFileAtomic(path, text);
    context.out(`wrote ${path} ([data] source = "${source}")`);
  },
};

/** An unknown symbol without --source is most often a typo of an embedded one: refuse rather than guess dvc. */
function dataSource(symbol: string, raw: unknown): DataSourceKind {
  const embedded = embeddedSymbols();
  if (raw !== undefined) {
    const source = String(raw) as DataSourceKind;
    if (!SOURCES.includes(source)) throw new UsageError(`--source must be one of ${SOURCES.join(", ")}, got '${source}'`, { field: "source" });
    if (source === "package" && !embedded.includes(symbol)) throw new UsageError(`--source package has prices for ${embedded.join(", ")} only, not '${symbol}'`, { field: "source" });
    return source;
  }
  if (embedded.includes(symbol)) return "package";
  const near = closestName(symbol, embedded);
  throw new UsageError(
    `--symbol '${symbol}' has no embedded prices; embedded symbols: ${embedded.join(", ")}${near ? ` (closest: ${near})` : ""}`,
    { field: "symbol" },
    `${near ? `for ${near} give --symbol ${near}; ` : ""}for another ticker give --source csv (its prices in prices.csv) or --source dvc (data/ tracked by data.dvc)`,
  );
}

export default command;
