import { describe, expect, it } from "vitest";
import { ConfigError, DataError, RemoteError } from "../../src/errors.js";
import { explainForkWithoutData } from "../../src/github/fork-without-data.js";
import { forkPullRequestOpened, pullRequestOpened } from "./webhook-payloads.js";

const missing = new DataError("missing: data.dvc tracks it but it is not in the workspace; run `stockops data pull`", { file: "data/AAPL.csv" });

describe("a head that cannot be evaluated for want of data", () => {
  it("on a fork's PR: a summary that names the error and what to do, so the job passes", () => {
    const summary = explainForkWithoutData(forkPullRequestOpened({ base: "red/AAPL", head: "exp/red/AAPL/x" }), missing);
    expect(summary).toContain("head not evaluated");
    expect(summary).toContain("data/AAPL.csv");
    expect(summary).toContain("gets no secrets");
    expect(explainForkWithoutData(forkPullRequestOpened(), new RemoteError("s3 remote 'minio' refused the credentials"))).toContain("refused the credentials");
  });

  it("on a same-repository PR, or for any other error, it stays a failure", () => {
    expect(explainForkWithoutData(pullRequestOpened({ base: "red/AAPL" }), missing)).toBeUndefined();
    expect(explainForkWithoutData(forkPullRequestOpened(), new ConfigError("expected a number", { field: "model.alpha" }))).toBeUndefined();
    expect(explainForkWithoutData(forkPullRequestOpened(), new Error("boom"))).toBeUndefined();
    expect(explainForkWithoutData({ not: "an event" }, missing)).toBeUndefined();
  });
});
