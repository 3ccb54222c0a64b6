import { parseArgs } from "node:util";
import { StockopsError, UsageError } from "../errors.js";
import { redactSecrets, secretsInEnv } from "../github/mask.js";
import { consoleLogger } from "../logger/logger.js";
import { codeVersion } from "../pipeline/code-version.js";
import type { Command, CommandContext } from "./command.js";
import { renderCommandHelp, renderMainHelp } from "./help.js";

/** Parses argv, runs the command, and turns every error into one line on stderr and a non-zero exit code. */
export async function runCli(
  argv: string[],
  commands: readonly Command[],
  context?: Partial<CommandContext>,
  errorOut: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  const ctx: CommandContext = {
    logger: consoleLogger(),
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    cwd: process.cwd(),
    env: process.env,
    ...context,
  };
  const [name, ...rest] = argv;
  if (name === "help" && rest.length > 0) return helpFor(rest, commands, ctx, errorOut);
  if (!name || name === "--help" || name === "-h" || name === "help") {
    ctx.out(renderMainHelp(commands));
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V") {
    ctx.out(`stockops ${codeVersion().package}`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    errorOut(`error: unknown command '${name}'; expected one of: ${commands.map((candidate) => candidate.name).join(", ")} (stockops --help says what each does)\n`);
    return 2;
  }
  try {
    if (rest.includes("--help") || rest.includes("-h")) {
      ctx.out(renderCommandHelp(command));
      return 0;
    }
    const args = parseCommandArgs(command, rest);
    return (await command.run(args, ctx)) ?? 0;
  } catch (error) {
    const secrets = secretsInEnv(ctx.env);
    return reportError(error, command, (text) => errorOut(redactSecrets(text, secrets)));
  }
}

/** `stockops help <command>`, as `stockops <command> --help`. */
function helpFor(names: string[], commands: readonly Command[], ctx: CommandContext, errorOut: (text: string) => void): number {
  const command = commands.find((candidate) => candidate.name === names[0]);
  if (!command || names.length > 1) {
    errorOut(`error: 'help' takes one command name, got '${names.join(" ")}'; expected one of: ${commands.map((candidate) => candidate.name).join(", ")}\n`);
    return 2;
  }
  ctx.out(renderCommandHelp(command));
  return 0;
}

/**
 * `--months -1` joined to `--months=-1`: parseArgs takes a value starting with a dash for an option, so the
 * command's own check can say what the value must be instead of "argument is ambiguous".
 */
export function joinNegativeValues(command: Command, args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = /^--([^=]+)$/.exec(args[i]!)?.[1];
    const next = args[i + 1];
    if (name && command.options[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      joined.push(`--${name}=${next}`);
      i++;
    } else joined.push(args[i]!);
  }
  return joined;
}

function parseCommandArgs(command: Command, rest: string[]) {
  try {
    const options = Object.fromEntries(
      Object.entries(command.options).map(([key, { description: _d, valueName: _v, ...spec }]) => [key, spec]),
    );
    return parseArgs({ args: joinNegativeValues(command, rest), options, allowPositionals: command.allowPositionals ?? false, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]}. Usage: stockops ${command.name} ${command.usage}`);
  }
}

function reportError(error: unknown, command: Command, errorOut: (text: string) => void): number {
  if (error instanceof StockopsError) {
    errorOut(`error: ${error.message}${error.hint ? ` (${error.hint})` : ""}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  errorOut(`error: stockops ${command.name} failed unexpectedly: ${message.split("\n")[0]}\n`);
  if (process.env.STOCKOPS_DEBUG && error instanceof Error) errorOut(`${error.stack}\n`);
  return 1;
}
