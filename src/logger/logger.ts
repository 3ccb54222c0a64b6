/** The only way library code talks to a person; the CLI, the actions and tests each pass their own. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Progress on a long step (an epoch, a branch); may be shown on one updating line. */
  progress(message: string): void;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  progress: () => {},
};

export function consoleLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  return {
    info: (message) => stream.write(`${message}\n`),
    warn: (message) => stream.write(`warning: ${message}\n`),
    progress: (message) => stream.write(`  ${message}\n`),
  };
}

/** Keeps every line, for tests and for job summaries. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(message),
    warn: (message) => lines.push(`warning: ${message}`),
    progress: (message) => lines.push(message),
  };
}
