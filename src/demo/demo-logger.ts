import { appendFileSync } from "node:fs";
import type { Logger } from "../logger/logger.js";

const WARNINGS_SHOWN_PER_STAGE = 3;

export interface DemoLogger extends Logger {
  /** Says how many warnings of the stage went only to the log file, and starts counting again. */
  endStage(): void;
}

/**
 * The demo's log: every line goes to a file; the terminal gets the runner's workflow and job results and
 * the first warnings of each stage, so progress stays readable while the full output stays on disk.
 */
export function demoLogger(logFile: string, write: (text: string) => void): DemoLogger {
  const file = (line: string) => appendFileSync(logFile, `${line}\n`);
  let warnings = 0;
  return {
    info: (message) => {
      file(message);
      if (/^\s*(●|✓|✗)/.test(message)) write(`    ${message.trim()}`);
    },
    warn: (message) => {
      file(`warning: ${message}`);
      warnings += 1;
      if (warnings <= WARNINGS_SHOWN_PER_STAGE) write(`    warning: ${message}`);
    },
    progress: (message) => file(`      ${message}`),
    endStage: () => {
      if (warnings > WARNINGS_SHOWN_PER_STAGE) write(`    … ${warnings - WARNINGS_SHOWN_PER_STAGE} more warnings in ${logFile}`);
      warnings = 0;
    },
  };
}
