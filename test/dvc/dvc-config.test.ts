import { describe, expect, it } from "vitest";
import { parseDvcConfig, resolveRemote } from "../../src/dvc/dvc-config.js";

describe("parseDvcConfig (configobj's dialect)", () => {
  it("reads hand-written files with comments, quoted values and both section spellings", () => {
    const config = parseDvcConfig(
      [
        "# written by hand",
        "[core]",
        "    remote = storage  # the default",
        "['remote \"storage\"']",
        "    url = s3://my-bucket/stockops",
        "    endpointurl = https://minio.example.com   # MinIO",
        '[remote "backup"]',
        "    url = '/mnt/backup # not a comment inside quotes'",
      ].join("\n"),
      ".dvc/config",
    );
    expect(config.get("core")?.get("remote")).toBe("storage");
    expect(resolveRemote(config, "/repo")).toEqual({ kind: "s3", name: "storage", bucket: "my-bucket", prefix: "stockops", endpointUrl: "https://minio.example.com" });
    expect(config.get('remote "backup"')?.get("url")).toBe("/mnt/backup # not a comment inside quotes");
  });

  it("names the file and line of a line that is neither a section nor key = value", () => {
    expect(() => parseDvcConfig("[core]\nremote storage\n", ".dvc/config")).toThrow(/\.dvc\/config.*2|line 2/);
  });
});
