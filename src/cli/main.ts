import { loadCommands } from "./commands/index.js";
import { runCli } from "./run-cli.js";

const argv = process.argv.slice(2);
process.exitCode = await runCli(argv, await loadCommands(argv[0]));
