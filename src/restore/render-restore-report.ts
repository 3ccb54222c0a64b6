import type { RestoreReport } from "./restore.js";

/** What was restored and, for every model file that differs, both hashes. */
export function renderRestoreReport(report: RestoreReport): string {
  const lines: string[] = [];
  if (report.data) lines.push(`data: ${report.data.pulled} object(s) pulled, ${report.data.filesHashed} file(s) verified against ${report.data.dvcFile}`);
  for (const branch of report.branches) {
    lines.push(`${branch.branch}: ${branch.state}${branch.latest ? ` (latest v${branch.latest.version}` : ""}${branch.champion ? `, champion v${branch.champion.version})` : branch.latest ? ")" : ""}${branch.error ? `: ${branch.error}` : ""}`);
    for (const rebuild of branch.rebuilds) {
      lines.push(`  ${rebuild.tag} ${rebuild.kind} on ${rebuild.backend.rebuilt}: ${rebuild.identical ? "identical weights" : "DIFFERS"}`);
      for (const model of rebuild.models) lines.push(`    ${model.same ? "=" : "≠"} ${model.file} recorded ${model.recorded}, rebuilt ${model.rebuilt ?? "(not produced)"}`);
      for (const note of rebuild.notes) lines.push(`    note: ${note}`);
    }
  }
  for (const ledger of report.ledgers) {
    lines.push(`ledger ${ledger.team}: ${ledger.entries} entries ${ledger.first} → ${ledger.last} ${ledger.identical ? "replayed identically" : ledger.error ? `not replayed: ${ledger.error}` : `differs from ${ledger.firstDifference}`}`);
  }
  lines.push(report.ok ? "restore: everything rebuilt identically" : "restore: differences found (see above)");
  return lines.join("\n");
}
