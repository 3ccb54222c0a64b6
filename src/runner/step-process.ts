import { spawn } from "node:child_process";
import type { Logger } from "../logger/logger.js";

export interface StepProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logger: Logger;
  /** Values never printed (secrets and what `::add-mask::` adds); grows as the step prints masks. */
  masks: Set<string>;
  timeoutMs?: number;
}

export interface StepProcessResult {
  exitCode: number;
  timedOut: boolean;
  /** `::error::` annotations the step printed. */
  errors: string[];
}

/**
 * Runs one step's process, relaying its output line by line with secrets replaced by `***` and the
 * workflow commands the runner understands on stdout (`::add-mask::`, `::error::`, `::warning::`,
 * `::group::`) turned into log lines.
 */
export function runStepProcess(options: StepProcessOptions): Promise<StepProcessResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends what the script started too (as the runner kills the tree).
    const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const errors: string[] = [];
    let timedOut = false;
    const timer = options.timeoutMs ? setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, options.timeoutMs) : undefined;
    const relay = lineRelay((line) => showLine(line, options, errors));
    child.stdout.on("data", relay.push);
    const errorRelay = lineRelay((line) => options.logger.progress(mask(line, options.masks)));
    child.stderr.on("data", errorRelay.push);
    child.once("error", (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      relay.flush();
      errorRelay.flush();
      resolve({ exitCode: code ?? (signal ? 128 : 1), timedOut, errors });
    });
  });
}

function showLine(line: string, options: StepProcessOptions, errors: string[]): void {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
  if (!command) {
    options.logger.progress(mask(line, options.masks));
    return;
  }
  const [, name, value = ""] = command;
  switch (name) {
    case "add-mask":
      if (value.trim() !== "") options.masks.add(unescapeData(value));
      return;
    case "error":
      errors.push(mask(unescapeData(value), options.masks));
      options.logger.warn(`error: ${mask(unescapeData(value), options.masks)}`);
      return;
    case "warning":
      options.logger.warn(mask(unescapeData(value), options.masks));
      return;
    case "group":
      options.logger.progress(`▸ ${mask(unescapeData(value), options.masks)}`);
      return;
    case "endgroup":
    case "debug":
      return;
    default:
      options.logger.progress(mask(line, options.masks));
  }
}

export function mask(line: string, masks: ReadonlySet<string>): string {
  let masked = line;
  for (const secret of masks) {
    if (secret.length > 0) masked = masked.split(secret).join("***");
  }
  return masked;
}

function unescapeData(value: string): string {
  return value.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function lineRelay(onLine: (line: string) => void): { push: (chunk: Buffer) => void; flush: () => void } {
  let pending = "";
  return {
    push: (chunk) => {
      pending += chunk.toString("utf8");
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    },
    flush: () => {
      if (pending) onLine(pending);
      pending = "";
    },
  };
}
