import type { ParseArgsConfig } from "node:util";
import type { Logger } from "../logger/logger.js";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string] & { description: string; valueName?: string };

export interface CommandContext {
  logger: Logger;
  /** Where results meant for a person (tables, summaries) go: stdout. */
  out: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** One `stockops <name>` subcommand; the registry in commands/index.ts lists them all. */
export interface Command {
  name: string;
  summary: string;
  /** Usage after `stockops <name>`, e.g. "[--dir DIR]". */
  usage: string;
  options: Record<string, OptionSpec>;
  allowPositionals?: boolean;
  /** Extra paragraphs for --help: examples, what is written where. */
  details?: string;
  run(args: ParsedArgs, context: CommandContext): Promise<number | void>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}
