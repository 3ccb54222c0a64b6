import { appendFileSync } from "node:fs";
import type { Logger } from "../logger/logger.js";

/**
 * The demo's log: every line goes to a file; the terminal gets the runner's job and step markers and
 * warnings, so progress stays readable while the full output stays on disk.
 */
export function demoLogger(logFile: string, write: (text: string) => void): Logger {
  const file = (line: string) => appendFileSync(logFile, `${line}\n`);
  return {
    info: (message) => {
      file(message);
      if (/^\s*(●|✓|✗)/.test(message)) write(`    ${message.trim()}`);
    },
    warn: (message) => {
      file(`warning: ${message}`);
      write(`    warning: ${message}`);
    },
    progress: (message) => file(`      ${message}`),
  };
}
