/** Where a problem was found, so every message can point at it. */
export interface Location {
  file?: string;
  line?: number;
  field?: string;
}

/** Base of every error stockops shows to a person: one line, what was expected, how to fix it. */
export class StockopsError extends Error {
  readonly location: Location;
  readonly hint: string | undefined;

  constructor(message: string, location: Location = {}, hint?: string) {
    super(formatMessage(message, location));
    this.name = new.target.name;
    this.location = location;
    this.hint = hint;
  }
}

/** stockops.toml, branches.json, CLI flags: a value that is missing, unknown or of the wrong shape. */
export class ConfigError extends StockopsError {}
/** Price files and datasets: a row or file that breaks a loader rule. */
export class DataError extends StockopsError {}
/** A content hash that does not match what was recorded. */
export class IntegrityError extends StockopsError {}
/** git: a ref, object or push that failed. */
export class GitError extends StockopsError {}
/** A remote service (GitHub API, broker, data provider) answered with an error. */
export class RemoteError extends StockopsError {}
/** Trading rules: look-ahead, invariants, calendar. */
export class TradingError extends StockopsError {}
/** Wrong command-line usage; shown with the command's usage line. */
export class UsageError extends StockopsError {}

function formatMessage(message: string, { file, line, field }: Location): string {
  const place = [file, line !== undefined ? `line ${line}` : undefined, field ? `field '${field}'` : undefined]
    .filter(Boolean)
    .join(", ");
  return place ? `${place}: ${message}` : message;
}
/** git: a branch or tag that is not in the repository (not fetched, or never created). */
export class MissingRefError extends GitError {}
