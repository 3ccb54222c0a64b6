import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { readTextAtRef, resolveCommit } from "../../src/gitops/read-file-at-ref.js";
import { readReportSide } from "../../src/report/pr-report/read-report-side.js";
import { buildLineage, metricsText } from "../support/metrics-builder.js";
import { createTempRepo } from "../support/temp-repo.js";

const MAIN_COMMIT = "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
const toml = (data: string) => `symbol = "AAPL"\nteam = "red"\n\n[data]\n${data}\n\n[model]\nkind = "ridge"\n`;

/** A published model branch in a real git repository, read from git objects as the report reads the base. */
async function publishedSide(files: { toml: string; lineage?: unknown }) {
  const dir = await createTempRepo(
    {
      "stockops.toml": files.toml,
      "models/AAPL/metrics.json": metricsText(),
      ...(files.lineage !== undefined ? { "models/AAPL/lineage.json": JSON.stringify(files.lineage) } : {}),
    },
    "red/AAPL",
  );
  const location = { fs, dir };
  const commit = await resolveCommit(location, "red/AAPL");
  return readReportSide({ read: (filepath) => readTextAtRef({ ...location, ref: "red/AAPL", filepath }), symbol: "AAPL", commit, branch: "red/AAPL" });
}

describe("readReportSide: where the data came from", () => {
  it("reads main's commit from lineage data_dvc_from on a following branch", async () => {
    const lineage = buildLineage();
    const side = await publishedSide({ toml: toml('source = "dvc"\npin = false'), lineage: { ...lineage, data: { ...lineage.data, origin: "data/AAPL.csv", data_dvc_from: { branch: "main", commit: MAIN_COMMIT } } } });
    expect(side?.dataVersion).toBe("aaaabbbbccccddddeeeeffff00001111");
    expect(side?.dataSource).toEqual({ source: "dvc", origin: "data/AAPL.csv", mode: "follows", trainedOn: { branch: "main", commit: MAIN_COMMIT } });
  });

  it("reads a pinned branch from [data] pin and lineage's null data_dvc_from", async () => {
    const lineage = buildLineage();
    const side = await publishedSide({ toml: toml('source = "dvc"\npin = true'), lineage: { ...lineage, data: { ...lineage.data, data_dvc_from: null } } });
    expect(side?.dataSource).toMatchObject({ source: "dvc", mode: "pinned", trainedOn: "own" });
  });

  it("still knows the source from the config when lineage.json is missing or broken", async () => {
    expect((await publishedSide({ toml: toml('source = "dvc"\npin = true') }))?.dataSource).toEqual({ source: "dvc", mode: "pinned" });
    expect((await publishedSide({ toml: toml('source = "package"'), lineage: "not an object" }))?.dataSource).toEqual({ source: "package" });
  });
});
