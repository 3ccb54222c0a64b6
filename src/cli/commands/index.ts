import type { Command } from "../command.js";

type CommandModule = { default: Command | Command[] };

/**
 * Every `stockops` subcommand, in the order `--help` lists them, with the names each module defines (a test keeps
 * the two equal). Add a command by adding one line here.
 */
const COMMAND_MODULES: readonly (readonly [names: readonly string[], load: () => Promise<CommandModule>])[] = [
  [["run", "features", "train", "evaluate", "report"], () => import("./pipeline.js")],
  [["init"], () => import("./init.js")],
  [["branches"], () => import("./branches.js")],
  [["data"], () => import("./data.js")],
  [["act"], () => import("./act.js")],
  [["demo"], () => import("./demo.js")],
  [["trade"], () => import("./trade.js")],
  [["pr-report"], () => import("./pr-report.js")],
  [["sweep"], () => import("./sweep.js")],
  [["dashboard"], () => import("./dashboard.js")],
  [["runs"], () => import("./runs.js")],
  [["compare"], () => import("./compare.js")],
  [["champion"], () => import("./champion.js")],
  [["monitor"], () => import("./monitor.js")],
  [["restore"], () => import("./restore.js")],
  [["code-hash"], () => import("./code-hash.js")],
  [["ready"], () => import("./ready.js")],
  [["serve", "feed"], () => import("./serve.js")],
  [["doctor"], () => import("./doctor.js")],
];

/**
 * The commands to dispatch `argv`'s first word to. A known command name loads only its own module, so a no-op
 * `stockops run` does not pay for every other command's imports; help and unknown names load them all.
 */
export async function loadCommands(name?: string): Promise<Command[]> {
  const own = COMMAND_MODULES.filter(([names]) => name !== undefined && names.includes(name));
  const modules = await Promise.all((own.length > 0 ? own : COMMAND_MODULES).map(([, load]) => load()));
  return modules.flatMap((module) => module.default);
}

/** The names `loadCommands` expects each module to define, for the test that keeps them honest. */
export const DECLARED_COMMAND_NAMES: readonly string[] = COMMAND_MODULES.flatMap(([names]) => names);
