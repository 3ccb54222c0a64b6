// Pipeline benchmark: each model kind on one 24-year ticker, stage by stage, plus the no-op rerun.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../bin/stockops.js", import.meta.url));

/** Neural kinds run with fewer epochs so the bench finishes in minutes; the epoch count is printed with them. */
const KINDS = [
  { kind: "naive", extra: "" },
  { kind: "ridge", extra: "" },
  { kind: "mlp", extra: "epochs = 10\npatience = 0" },
  { kind: "lstm", extra: "epochs = 3\npatience = 0" },
  { kind: "gru", extra: "epochs = 3\npatience = 0" },
];

/** Makes the child print its own CPU time (user + system) last on stderr: wall time alone is mostly load here. */
const REPORT_CPU = `data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu-ms "+(u.user+u.system)/1000+"\\n")})`;

function runCli(dir) {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", REPORT_CPU, cli, "run", "--dir", dir, "--json"], { encoding: "utf8" });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`stockops run failed: ${child.stderr}`);
  const cpuMs = Number(/cpu-ms ([\d.]+)\s*$/.exec(child.stderr)?.[1] ?? NaN);
  return { wallMs, cpuMs, result: JSON.parse(child.stdout) };
}

export async function benchPipeline(pricesCsv, symbol) {
  const rows = [];
  for (const { kind, extra } of KINDS) {
    const dir = mkdtempSync(join(tmpdir(), `stockops-bench-${kind}-`));
    try {
      writeFileSync(
        join(dir, "stockops.toml"),
        `symbol = "${symbol}"\nteam = "bench"\nseed = 42\n[data]\nsource = "csv"\npath = "${pricesCsv}"\n[model]\nkind = "${kind}"\n${extra}\n`,
      );
      const cold = runCli(dir);
      const noop = runCli(dir);
      const stage = (name) => cold.result.stages.find((s) => s.stage === name)?.ms ?? NaN;
      rows.push({
        kind: extra ? `${kind} (${extra.split("\n")[0]})` : kind,
        features: stage("features"),
        train: stage("train"),
        evaluate: stage("evaluate"),
        report: stage("report"),
        total: cold.wallMs,
        totalCpu: cold.cpuMs,
        noop: noop.wallMs,
        noopCpu: noop.cpuMs,
        noopSkippedAll: noop.result.stages.every((s) => s.status === "skipped"),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
