import { describe, expect, it } from "vitest";
import { compareLineage } from "../../src/restore/rebuild-version.js";
import { publishedVersions } from "../../src/restore/restore.js";
import { renderRestoreReport } from "../../src/restore/render-restore-report.js";
import { buildLineage } from "../support/metrics-builder.js";

describe("restore: comparing a rebuild with its recorded lineage", () => {
  it("reports each model file whose md5 differs, with both hashes", () => {
    const recorded = { ...buildLineage(), model_files: { "model.json": "a".repeat(32), "weights.bin": "b".repeat(32) } };
    const rebuilt = { ...recorded, model_files: { "model.json": "a".repeat(32), "weights.bin": "c".repeat(32) } };
    const result = compareLineage("models/red/AAPL/v3", "f".repeat(40), recorded, rebuilt);
    expect(result.identical).toBe(false);
    expect(result.models).toEqual([
      { file: "model.json", recorded: "a".repeat(32), rebuilt: "a".repeat(32), same: true },
      { file: "weights.bin", recorded: "b".repeat(32), rebuilt: "c".repeat(32), same: false },
    ]);
    const text = renderRestoreReport({
      data: undefined,
      branches: [{ branch: "red/AAPL", team: "red", symbol: "AAPL", state: "present", latest: { version: 3, tag: "models/red/AAPL/v3", commit: "f".repeat(40) }, rebuilds: [result] }],
      ledgers: [],
      ok: false,
    });
    expect(text).toContain(`≠ weights.bin recorded ${"b".repeat(32)}, rebuilt ${"c".repeat(32)}`);
    expect(text).toContain("restore: differences found");
  });

  it("a different backend is never called identical, even with equal hashes, and says why", () => {
    const recorded = { ...buildLineage(), backend: "tensorflow" };
    const result = compareLineage("t", "c", recorded, { ...recorded, backend: "wasm" });
    expect(result.identical).toBe(false);
    expect(result.notes).toEqual(["trained on backend 'tensorflow', rebuilt on 'wasm': floating-point results may differ"]);
  });

  it("finds a branch's versions among the remote's tags, peeled annotated tags preferred", () => {
    const tags = {
      "refs/tags/models/red/AAPL/v1": "1".repeat(40),
      "refs/tags/models/red/AAPL/v10": "a".repeat(40),
      "refs/tags/models/red/AAPL/v2": "t".repeat(40),
      "refs/tags/models/red/AAPL/v2^{}": "2".repeat(40),
      "refs/tags/models/red/AAPLX/v5": "x".repeat(40),
      "refs/tags/models/blue/AAPL/v7": "b".repeat(40),
    };
    expect(publishedVersions(tags, { team: "red", symbol: "AAPL" })).toEqual([
      { version: 1, tag: "models/red/AAPL/v1", commit: "1".repeat(40) },
      { version: 2, tag: "models/red/AAPL/v2", commit: "2".repeat(40) },
      { version: 10, tag: "models/red/AAPL/v10", commit: "a".repeat(40) },
    ]);
  });
});
