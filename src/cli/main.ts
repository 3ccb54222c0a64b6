import { loadCommands } from "./commands/index.js";
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), await loadCommands());
