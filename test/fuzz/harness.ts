// The fuzz harness (issue 16): seeded fast-check properties over each untrusted input format. Every case must
// end in success or one of stockops' typed errors (StockopsError): anything else is an uncaught exception and
// fails the run with its counterexample. Figures (cases, time, uncaught, peak RSS) are kept per format and
// written to $STOCKOPS_FUZZ_REPORT when set (bench/fuzz-bench.mjs); $STOCKOPS_FUZZ_SCALE multiplies the cases.
import { appendFileSync } from "node:fs";
import fc from "fast-check";
import { expect } from "vitest";
import { StockopsError } from "../../src/errors.js";

/** The seed every format starts from; a failure prints the seed and path that replay it. */
export const FUZZ_SEED = 20_261_204;
/** Resident memory no fuzz worker may exceed (a vitest fork idles at ~150–250 MiB). */
export const RSS_CAP_MIB = 1024;
const SCALE = Number(process.env.STOCKOPS_FUZZ_SCALE ?? "1") || 1;
/** vitest's per-test limit for a fuzz test: the budgets below, scaled like the cases. */
export const FUZZ_TEST_TIMEOUT = 60_000 * SCALE;

export interface FuzzFigures {
  format: string;
  cases: number;
  ok: number;
  typedErrors: number;
  uncaught: number;
  ms: number;
  peakRssMiB: number;
}

export interface FuzzOptions {
  /** Cases in `npm test`; the bench multiplies it by STOCKOPS_FUZZ_SCALE. */
  runs: number;
  /** Ceiling on the format's time, in ms (fast-check stops starting new cases after it). */
  budgetMs: number;
}

/**
 * Runs `check` on `runs` generated inputs. `check` returns normally on success; a StockopsError is a handled
 * refusal (and `onTyped` may assert on it: no leak, a location); any other throw fails the property.
 */
export async function fuzz<T>(format: string, input: fc.Arbitrary<T>, check: (value: T) => unknown, options: FuzzOptions, onTyped?: (error: StockopsError, value: T) => void): Promise<FuzzFigures> {
  const figures: FuzzFigures = { format, cases: 0, ok: 0, typedErrors: 0, uncaught: 0, ms: 0, peakRssMiB: 0 };
  const started = performance.now();
  const sample = () => (figures.peakRssMiB = Math.max(figures.peakRssMiB, process.memoryUsage().rss / 2 ** 20));
  const outcome = async (value: T): Promise<void> => {
    figures.cases++;
    if (figures.cases % 64 === 0) sample();
    try {
      await check(value);
      figures.ok++;
    } catch (error) {
      if (!(error instanceof StockopsError)) {
        figures.uncaught++;
        throw error;
      }
      figures.typedErrors++;
      onTyped?.(error, value);
    }
  };
  await fc.assert(
    fc.asyncProperty(input, outcome),
    { seed: FUZZ_SEED, numRuns: Math.round(options.runs * SCALE), interruptAfterTimeLimit: options.budgetMs * SCALE, markInterruptAsFailure: false, endOnFailure: true },
  );
  sample();
  figures.ms = Math.round(performance.now() - started);
  report(figures);
  expect(figures.uncaught).toBe(0);
  expect(figures.peakRssMiB).toBeLessThan(RSS_CAP_MIB);
  return figures;
}

function report(figures: FuzzFigures): void {
  const line = `${figures.format}: ${figures.cases} cases (${figures.ok} ok, ${figures.typedErrors} typed errors, ${figures.uncaught} uncaught) in ${figures.ms} ms, peak RSS ${figures.peakRssMiB.toFixed(0)} MiB`;
  console.log(`fuzz ${line}`);
  if (process.env.STOCKOPS_FUZZ_REPORT) appendFileSync(process.env.STOCKOPS_FUZZ_REPORT, `${JSON.stringify(figures)}\n`);
}

/** An error message may quote a short excerpt of its input, never a long stretch of it. */
export function expectNoLongQuote(message: string, marker: string): void {
  expect(message.includes(marker), `message repeats the marker: ${message.slice(0, 200)}`).toBe(false);
}

/** Paths an attacker would write into a manifest, a .dvc out, a lock entry or a [data] path. */
export const hostilePath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("../escaped.txt", "../../evil.txt", "/etc/passwd", "/proc/self/environ", "/dev/zero", ".git/hooks/pre-commit", "a/../../b", "..", ".", "", "a//b", "a\\..\\..\\b", "x\u0000y", "C:\\evil", "\\\\server\\share", ".GIT/config", ".dvc/config", "AAPL.csv"),
  fc
    .array(fc.constantFrom("..", ".", "", "a", "AAPL.csv", ".git", ".dvc", "sub", "é", "%2e%2e", "~", "\u0000", " "), { minLength: 1, maxLength: 5 })
    .chain((parts) => fc.tuple(fc.constant(parts), fc.constantFrom("/", "\\"), fc.boolean()))
    .map(([parts, sep, absolute]) => `${absolute ? sep : ""}${parts.join(sep)}`),
  fc.string({ maxLength: 24 }),
);

/** Random edits to a valid text: delete, duplicate or replace a slice, insert a hostile fragment. */
export function mutated(base: fc.Arbitrary<string>, fragments: string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 }), fc.constant("")));
  return fc.tuple(base, fc.array(edit, { maxLength: 4 })).map(([text, edits]) =>
    edits.reduce((current, [at, length, insert]) => {
      const start = current.length === 0 ? 0 : at % current.length;
      return current.slice(0, start) + insert + current.slice(start + length);
    }, text),
  );
}
