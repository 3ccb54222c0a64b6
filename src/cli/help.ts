import type { Command } from "./command.js";

export function renderCommandHelp(command: Command): string {
  const lines = [`stockops ${command.name} ${command.usage}`.trimEnd(), "", command.summary, ""];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push("Options:");
    const labels = entries.map(([name, spec]) => {
      const short = spec.short ? `-${spec.short}, ` : "    ";
      const value = spec.type === "string" ? ` ${spec.valueName ?? name.toUpperCase()}` : "";
      return `  ${short}--${name}${value}`;
    });
    const width = Math.max(...labels.map((label) => label.length), 20);
    entries.forEach(([, spec], index) => {
      const fallback = spec.default !== undefined ? ` (default: ${String(spec.default)})` : "";
      lines.push(`${labels[index]!.padEnd(width)}  ${spec.description}${fallback}`);
    });
    lines.push(`${"  -h, --help".padEnd(width)}  Show this help`);
  }
  if (command.details) lines.push("", command.details.trim());
  return `${lines.join("\n")}\n`;
}

export function renderMainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    "stockops: GitOps MLOps for stock-price prediction and paper trading",
    "",
    "Usage: stockops <command> [options]      stockops <command> --help (or stockops help <command>)      stockops --version",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    "",
    "Every command works on a local checkout; none needs a GitHub account.",
    "",
  ].join("\n");
}
