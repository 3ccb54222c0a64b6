import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDoctor, type Finding } from "../../src/doctor/doctor.js";
import { addData } from "../../src/dvc/add.js";
import { LocalRemote } from "../../src/dvc/local-remote.js";
import { pushData } from "../../src/dvc/transfer.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { createTempRemote, gitCli, makeTempDir } from "../support/temp-repo.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const BRANCHES = { teams: { red: {} }, branches: [{ team: "red", symbol: "AAPL" }, { team: "red", symbol: "MSFT" }] };
const GOOD_WORKFLOW = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n";

async function setup(files: Record<string, string>, branches: string[]) {
  const remote = await createTempRemote({ "branches.json": JSON.stringify(BRANCHES), ...files }, { branches });
  cleanups.push(remote.cleanup);
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", remote.url, "main"]);
  const dir = join(parent, "main");
  return { dir, repo: openGitRepo({ dir }) };
}

const byCheck = (findings: Finding[], check: Finding["check"]) => findings.filter((finding) => finding.check === check);

describe("stockops doctor", () => {
  it("names what is missing and how to fix it: a branch, workflows, a champion, a secret, data the remote lacks", async () => {
    const dataRemote = await makeTempDir();
    cleanups.push(() => rm(dataRemote, { recursive: true, force: true }));
    const { dir, repo } = await setup(
      {
        ".github/workflows/pipeline.yml": `${GOOD_WORKFLOW}      - run: echo "$K"\n        env:\n          K: \${{ secrets.APCA_API_KEY_ID }}\n`,
        ".github/workflows/trade.yml": "on: [push\n",
        ".dvc/config": `[core]\n    remote = store\n['remote "store"']\n    url = ${dataRemote}\n`,
      },
      ["red/AAPL"],
    );
    await mkdir(join(dir, "data"));
    await writeFile(join(dir, "data", "AAPL.csv"), "Date,Open,High,Low,Close,Adj Close,Volume\n");
    await addData(dir, "data");

    const findings = await runDoctor({ dir, repo, env: {} });
    expect(byCheck(findings, "branches.json")[0]!.status).toBe("ok");
    expect(byCheck(findings, "branches")[0]).toMatchObject({ status: "fail", message: "missing on the remote: red/MSFT", fix: "run the bootstrap workflow (gh workflow run bootstrap.yml), or stockops branches sync --dispatch with GITHUB_TOKEN and GITHUB_REPOSITORY set, so each new branch is created and trained" });
    expect(byCheck(findings, "champions")[0]).toMatchObject({ status: "fail", message: "no champion on red/AAPL" });
    const workflows = byCheck(findings, "workflows").map((f) => f.message);
    expect(workflows).toEqual(expect.arrayContaining([expect.stringContaining("pr-report.yml is missing"), expect.stringContaining("monitor.yml is missing"), expect.stringContaining("trade.yml: not valid YAML")]));
    expect(byCheck(findings, "secrets")[0]).toMatchObject({ status: "warn", message: "referenced: APCA_API_KEY_ID (pipeline.yml)" });
    expect(byCheck(findings, "data remote")[0]!.status).toBe("fail");
    expect(byCheck(findings, "data remote")[0]!.message).toMatch(/reachable but lacks/);

    // The fix for the data: push it; the doctor then finds the remote holding the recorded version.
    await pushData(dir, new LocalRemote("store", dataRemote));
    expect(byCheck(await runDoctor({ dir, repo, env: {} }), "data remote")[0]!.status).toBe("ok");
  }, 60_000);

  it("a remote that cannot be reached is one failing finding, not a crash", async () => {
    const { dir } = await setup({}, []);
    const findings = await runDoctor({ dir, repo: openGitRepo({ dir, url: "http://127.0.0.1:9/nothing.git" }), env: {} });
    expect(byCheck(findings, "branches")).toEqual([expect.objectContaining({ status: "fail", fix: "check the origin URL and GITHUB_TOKEN" })]);
  }, 60_000);
});
