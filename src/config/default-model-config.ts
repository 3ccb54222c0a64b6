import type { ModelKind } from "./model-config.js";
import { embeddedSymbols } from "../data/embedded-datasets.js";

/** The stockops.toml a new model branch starts from; every other key takes its documented default. */
export function defaultModelConfigToml(team: string, symbol: string, kind: ModelKind = "ridge"): string {
  const source = embeddedSymbols().includes(symbol) ? "package" : "dvc";
  return [
    "# Model branch config. Schema with every key documented: schemas/stockops.schema.json",
    `symbol = "${symbol}"`,
    `team = "${team}"`,
    "seed = 42",
    "",
    "[data]",
    ...(source === "package"
      ? [`source = "package"  # real prices shipped in an npm package`]
      : [`source = "dvc"      # data/ tracked by data.dvc`, `pin = false        # follow main's data.dvc and retrain when it changes (true: this branch's own)`]),
    "",
    "[model]",
    `kind = "${kind}"`,
    "",
  ].join("\n");
}
