// A fresh setup is not red every weekday: through `stockops act schedule` on the default branches.json and
// data, trade.yml, monitor.yml, data.yml and dashboard.yml each succeed with a notice that says what is
// missing and how to fix it, and change nothing on the origin.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import actCommand from "../../src/cli/commands/act.js";
import { runCli } from "../../src/cli/run-cli.js";
import { defaultModelConfigToml } from "../../src/config/default-model-config.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { copyOfProject } from "../support/project-copy.js";
import { gitCli, makeTempDir, writeTree } from "../support/temp-repo.js";

let project: string;
beforeAll(async () => {
  project = await copyOfProject();
}, 120_000);

async function actSchedule(workflow: string, branches: string[] = []) {
  const dir = join(await makeTempDir("stockops-act-"), "act");
  const logger = memoryLogger();
  const out: string[] = [];
  const errors: string[] = [];
  const extra = branches.flatMap((branch) => ["--branch", branch]);
  const code = await runCli(["act", "schedule", "--workflow", workflow, "--dir", dir, ...extra.slice(0, 2)], [actCommand], { cwd: project, out: (text) => out.push(text), logger, env: {} }, (text) => errors.push(text));
  const bare = join(dir, "git", "local", "stockops.git");
  const refs = await gitCli(bare, ["for-each-ref", "--format=%(refname)"]);
  return { code, errors, summary: out.join("\n"), log: logger.lines.join("\n"), refs: refs.split("\n").filter(Boolean), dir };
}

const notices = (log: string) => [...log.matchAll(/::notice title=([^:]+)::(.*)/g)].map((match) => ({ title: match[1]!, message: match[2]! }));

describe("scheduled workflows on a fresh setup", () => {
  it("trade.yml before bootstrap: green, a notice per team naming the bootstrap workflow, no trading branch", async () => {
    const run = await actSchedule("trade.yml");
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/✓ \.github\/workflows\/trade\.yml \(run 1\): success/);
    const found = notices(run.log);
    expect(found.map((notice) => notice.title).sort()).toEqual(["No model branch of team blue yet", "No model branch of team red yet"]);
    expect(found[0]!.message).toMatch(/gh workflow run bootstrap\.yml/);
    expect(run.refs).toEqual(["refs/heads/main"]);
  }, 300_000);

  it("trade.yml after bootstrap on the sample prices: green, a notice saying the prices end in the past and how to set up live data, nothing written", async () => {
    await gitCli(project, ["checkout", "--quiet", "-b", "red/AAPL"]);
    await writeTree(project, { "stockops.toml": defaultModelConfigToml("red", "AAPL") });
    await gitCli(project, ["add", "stockops.toml"]);
    await gitCli(project, ["commit", "--quiet", "-m", "red/AAPL: default config"]);
    await gitCli(project, ["checkout", "--quiet", "main"]);
    const run = await actSchedule("trade.yml", ["red/AAPL"]);
    expect(run.code).toBe(0);
    const red = notices(run.log).find((notice) => notice.title.startsWith("No prices for"));
    expect(red?.message).toMatch(/no stock of team red has a price for \d{4}-\d\d-\d\d; the latest is \d{4}-\d\d-\d\d \(source = "package"/);
    expect(red?.message).toMatch(/stockops data add data && stockops data push .* STOCKOPS_DATA_SYMBOLS/);
    expect(run.refs.sort()).toEqual(["refs/heads/main", "refs/heads/red/AAPL"]);
    await gitCli(project, ["branch", "--quiet", "-D", "red/AAPL"]);
  }, 300_000);

  it("monitor.yml: green with a notice, nothing logged", async () => {
    const run = await actSchedule("monitor.yml");
    expect(run.code).toBe(0);
    expect(notices(run.log).map((notice) => notice.title)).toEqual(["No model branches to monitor yet"]);
    expect(run.refs).toEqual(["refs/heads/main"]);
  }, 300_000);

  it("data.yml: green with the notice that says how to track a dataset", async () => {
    const run = await actSchedule("data.yml");
    expect(run.code).toBe(0);
    expect(notices(run.log).map((notice) => notice.title)).toEqual(["No data.dvc on main"]);
    expect(run.refs).toEqual(["refs/heads/main"]);
  }, 300_000);

  it("dashboard.yml without Pages: the site is built, deploy is skipped, a notice says how to enable Pages", async () => {
    const run = await actSchedule("dashboard.yml");
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/○ deploy/);
    expect(notices(run.log).map((notice) => notice.title)).toEqual(["GitHub Pages is not enabled"]);
    expect(await readFile(join(run.dir, "runner", "runs", "1", "artifacts", "github-pages", "index.html"), "utf8").catch(() => "")).not.toBe("");
  }, 300_000);
});
