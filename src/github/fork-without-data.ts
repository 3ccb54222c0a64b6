import { DataError, RemoteError } from "../errors.js";
import { redactSecrets } from "./mask.js";
import { isFromFork, parsePullRequestEvent } from "./pull-request-event.js";

/**
 * A fork's `pull_request` run gets no secrets, so a head whose prices live in the DVC remote may not be
 * loadable. Then the report explains that in the job summary and the job passes, as for a fork's read-only
 * token; the markdown is returned. Any other failure, or any failure on a same-repository PR, stays a failure
 * (undefined).
 */
export function explainForkWithoutData(event: unknown, error: unknown, secrets: readonly string[] = []): string | undefined {
  if (!(error instanceof DataError || error instanceof RemoteError)) return undefined;
  let fromFork: boolean;
  try {
    fromFork = isFromFork(parsePullRequestEvent(event));
  } catch {
    return undefined;
  }
  if (!fromFork) return undefined;
  return [
    "## stockops report: head not evaluated",
    "",
    `This pull request comes from a fork, and its head could not be evaluated: ${redactSecrets(error.message, secrets)}`,
    "",
    "A fork's workflow run gets no secrets, so data kept in the DVC remote cannot be pulled unless the Actions cache",
    "already holds it. To get the full report, push the branch to this repository, or play the event locally with",
    "`stockops act pull_request --branch <head branch>`.",
    "",
  ].join("\n");
}
