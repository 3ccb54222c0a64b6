import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/artifacts/write-atomic.js";
import { prReportMarker } from "../../src/github/sticky-comment.js";
import { readReportSide } from "../../src/report/pr-report/read-report-side.js";
import { MAX_REPORT_CHARS, renderPrReport, type ReportSide } from "../../src/report/render-pr-report.js";
import { gateVerdict } from "../../src/github/pr-report-flow.js";
import { championSchema, type Champion } from "../../src/publish/published-records.js";
import { BASE_BRANCH, BASE_TOML, HEAD_BRANCH, HEAD_TOML, folderReader, runBranch } from "../github/pr-report-branches.js";
import { pullRequestOpened } from "../github/webhook-payloads.js";

const EXAMPLE = resolve(import.meta.dirname, "../../docs/examples/pr-report.md");
const SEPARATOR = "\n<!-- report starts below -->\n";

const PREAMBLE = `# Example: the pull request report

What \`stockops\` posts as the sticky comment of a pull request (and writes to the job summary of a fork's PR).

How it was made: \`test/report/pr-report-example.test.ts\` runs the real pipeline twice on the embedded AAPL prices
(\`@observablehq/sample-datasets\`, 2013-05-13 to 2018-05-11): the base \`${BASE_BRANCH}\` is ridge with the default
features, the head \`${HEAD_BRANCH}\` is ridge with \`alpha = 25\`, \`lags = [1, 2, 5]\` and \`ma_windows = [5, 20]\`.
The commit ids are the \`head.sha\` and \`base.sha\` of the \`pull_request.opened\` example in \`@octokit/webhooks-examples\`,
so the file does not change between runs. The verdict is the real gate (\`evaluateGate\`) with the head's default \`[gate]\`
against a champion record made in the test from the base's metrics (as version 3). Regenerate after a change to the report with
\`UPDATE_EXAMPLES=1 npx vitest run test/report/pr-report-example.test.ts\`; the test fails while this file's layout is stale.
`;

/** A champion record for the base, as publish would have written it (version 3 is made up; the numbers are the base's). */
function championOf(base: ReportSide): Champion {
  const since = "2026-11-02T21:14:07Z";
  const reason = `promoted: skill_vs_naive ${base.metrics.skill_vs_naive.toFixed(4)} > min -0.05; no champion yet`;
  return championSchema.parse({
    schema: 1,
    version: 3,
    tag: "models/red/AAPL/v3",
    since,
    reason,
    kind: base.metrics.model.kind,
    test_mae: base.metrics.test.mae,
    skill_vs_naive: base.metrics.skill_vs_naive,
    history: [{ version: 3, tag: "models/red/AAPL/v3", since, until: null, reason }],
  });
}

describe("docs/examples/pr-report.md", () => {
  it("is the report rendered from two real pipeline runs, and is current", async () => {
    const event = pullRequestOpened();
    const [baseDir, headDir] = [await runBranch(BASE_TOML), await runBranch(HEAD_TOML)];
    const base = (await readReportSide({ read: folderReader(baseDir), symbol: "AAPL", commit: event.pull_request.base.sha, branch: BASE_BRANCH }))!;
    const head = (await readReportSide({ read: folderReader(headDir), symbol: "AAPL", commit: event.pull_request.head.sha, branch: HEAD_BRANCH }))!;
    const champion = championOf(base);
    const verdict = gateVerdict(head, champion);
    const rendered = renderPrReport({ head, base, verdict, champion, pullRequest: { number: event.number } });
    const body = `${prReportMarker("red", "AAPL")}\n${rendered}`;
    expect(body.length).toBeLessThan(MAX_REPORT_CHARS + 100);
    const expected = `${PREAMBLE}${SEPARATOR}\n${body}`;
    if (process.env.UPDATE_EXAMPLES === "1") await writeFileAtomic(EXAMPLE, expected);
    const current = await readFile(EXAMPLE, "utf8").catch(() => "(missing)");
    // Numbers are compared as placeholders: the layout must be current, while the last digits of a
    // metric may differ between platforms' floating point (a CI runner vs this machine).
    const shape = (text: string) => text.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, "N");
    expect(shape(current), "docs/examples/pr-report.md is stale; regenerate it with UPDATE_EXAMPLES=1").toBe(shape(expected));
  });
});
