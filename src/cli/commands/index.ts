import type { Command } from "../command.js";

type CommandModule = { default: Command | Command[] };

/** Every `stockops` subcommand, in the order `--help` lists them. Add a command by adding one line here. */
export async function loadCommands(): Promise<Command[]> {
  const modules: CommandModule[] = await Promise.all([
    import("./pipeline.js"),
    import("./init.js"),
    import("./branches.js"),
    import("./data.js"),
    import("./act.js"),
    import("./demo.js"),
    import("./trade.js"),
    import("./pr-report.js"),
    import("./sweep.js"),
    import("./dashboard.js"),
    import("./runs.js"),
    import("./compare.js"),
    import("./champion.js"),
    import("./monitor.js"),
    import("./restore.js"),
    import("./doctor.js"),
  ]);
  return modules.flatMap((module) => module.default);
}
