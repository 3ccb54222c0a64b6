import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { codeVersion, findPackageRoot } from "../../src/pipeline/code-version.js";
import { createTempRepo, gitCli, makeTempDir } from "../support/temp-repo.js";
import { publishLocally } from "../tracking/published-fixture.js";

const execFileAsync = promisify(execFile);
const PROJECT = join(import.meta.dirname, "..", "..");
const PACKAGE_VERSION = (JSON.parse(await readFile(join(PROJECT, "package.json"), "utf8")) as { version: string }).version;

async function cli(cwd: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, await loadCommands(argv[0]), { out: (text) => out.push(text), cwd, env: {}, logger: memoryLogger() }, (text) => err.push(text));
  return { code, out: out.join("\n"), err: err.join("") };
}

/** Every file under `dir`, relative, so "nothing was written" is one comparison. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).filter((path) => !path.startsWith(".git/")).sort();
}

describe("ordinary mistakes get a clear error and write nothing", () => {
  it("act outside a git repository exits (as a process, no server left open) with a usage error", { timeout: 120_000 }, async () => {
    const outside = await makeTempDir("stockops-not-a-repo-");
    // The process exiting at all is the assertion that nothing it started is still listening.
    const failed = await execFileAsync(process.execPath, [join(PROJECT, "bin", "stockops.js"), "act", "push", "--branch", "red/AAPL"], {
      cwd: outside,
      env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(outside) },
      timeout: 100_000,
    }).then(() => undefined, (error: { code?: number; killed?: boolean; stderr?: string }) => error);
    expect(failed?.killed).toBe(false);
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/is not a git repository: act plays the workflows of the checkout it runs in \(cd into a clone of your stockops repository/);
    expect(await filesUnder(outside)).toEqual([]);
  });

  it("act for a branch the checkout lacks says where it looked, before anything is written or started", async () => {
    const checkout = await createTempRepo({ "README.md": "main\n" });
    const dir = join(await makeTempDir(), "act");
    const { code, err } = await cli(checkout, ["act", "push", "--branch", "red/AAPL", "--dir", dir]);
    expect(code).toBe(2);
    expect(err).toMatch(/has no branch 'red\/AAPL': looked for refs\/heads\/red\/AAPL and refs\/remotes\/origin\/red\/AAPL \(git fetch origin red\/AAPL/);
    expect(await filesUnder(dirname(dir))).toEqual([]);
    expect(await gitCli(checkout, ["status", "--porcelain", "--untracked-files=all"])).toBe("");
  });

  it.each([
    ["0", "0"],
    ["1000", "1000"],
    ["abc", "abc"],
    ["-1", "-1"],
  ])("demo --months %s is refused against the embedded data before the sandbox is touched", async (months, shown) => {
    const sandbox = join(await makeTempDir(), "demo");
    await mkdir(sandbox, { recursive: true });
    await writeFile(join(sandbox, "earlier-demo.txt"), "kept\n");
    const { code, err, out } = await cli(PROJECT, ["demo", "--dir", sandbox, "--months", months]);
    expect(code).toBe(2);
    expect(err).toContain(`--months must be a whole number from 1 to 35, got '${shown}'`);
    expect(err).toMatch(/AAPL 2013-05-13 … 2018-05-11, SPX 2000-01-03 … 2020-04-17\) share 2013-05-13 … 2018-05-11, and the models keep at least 24 months/);
    expect(out).toBe("");
    expect(await filesUnder(sandbox)).toEqual(["earlier-demo.txt"]);
  });

  it("init --symbol APPL names the embedded symbols, the closest one and --source csv|dvc, and writes nothing", async () => {
    const dir = await makeTempDir();
    const { code, err } = await cli(dir, ["init", "--team", "red", "--symbol", "APPL"]);
    expect(code).toBe(2);
    expect(err).toBe(
      "error: field 'symbol': --symbol 'APPL' has no embedded prices; embedded symbols: AAPL, SPX (closest: AAPL) (for AAPL give --symbol AAPL; for another ticker give --source csv (its prices in prices.csv) or --source dvc (data/ tracked by data.dvc))\n",
    );
    expect(await filesUnder(dir)).toEqual([]);
    const csv = await cli(dir, ["init", "--team", "red", "--symbol", "MSFT", "--source", "csv"]);
    expect(csv.code).toBe(0);
    expect(await readFile(join(dir, "stockops.toml"), "utf8")).toMatch(/\[data\]\nsource = "csv" .*\npath = "prices.csv"/);
    const wrong = await cli(await makeTempDir(), ["init", "--team", "red", "--symbol", "MSFT", "--source", "package"]);
    expect(wrong.err).toContain("--source package has prices for AAPL, SPX only, not 'MSFT'");
  });

  it("--version prints the package's version, the one lineage records as code_version", async () => {
    expect((await cli(PROJECT, ["--version"])).out).toBe(`stockops ${PACKAGE_VERSION}`);
    expect(codeVersion().package).toBe(PACKAGE_VERSION);
    // Bundled into actions/<name>/dist/ of a workflow's checkout, the code finds the checkout's package.json.
    const checkout = await makeTempDir();
    await mkdir(join(checkout, "actions", "train", "dist"), { recursive: true });
    await writeFile(join(checkout, "package.json"), JSON.stringify({ name: "stockops", version: "7.8.9" }));
    await writeFile(join(checkout, "actions", "train", "package.json"), JSON.stringify({ name: "something-else", version: "1.0.0" }));
    expect(findPackageRoot(join(checkout, "actions", "train", "dist"))).toEqual({ dir: checkout, version: "7.8.9" });
  });

  it("help <command> shows that command's help, as <command> --help does", async () => {
    const help = await cli(PROJECT, ["help", "run"]);
    expect(help.code).toBe(0);
    expect(help.out).toBe((await cli(PROJECT, ["run", "--help"])).out);
    expect(help.out).toMatch(/^stockops run \[--dir DIR\]/);
    const unknown = await cli(PROJECT, ["help", "rnu"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/'help' takes one command name, got 'rnu'; expected one of: run, features/);
  });

  it("runs --sort speaks of sorting; a filter key no run has names the keys the runs have", async () => {
    const dir = await createTempRepo({ "README.md": "main\n" });
    await gitCli(dir, ["branch", "red/AAPL"]);
    await publishLocally(openGitRepo({ dir }), "red", "AAPL", [{ testMae: 1.5, date: "2026-01-05T21:00:00.000Z" }]);
    const sort = await cli(dir, ["runs", "--sort", "test_mae"]);
    expect(sort.code).toBe(2);
    expect(sort.err).toMatch(/^error: --sort 'test_mae': sorting by 'test_mae': .*'test_mae' to sort by.*did you mean metrics\.test_mae\? \(sort by metrics\.<key>, params\.<key>/);
    expect(sort.err).not.toMatch(/filter/);
    const typo = await cli(dir, ["runs", "--filter", "metrics.tset_mae < 5"]);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/^error: --filter: no run has metrics\.tset_mae \(closest: metrics\.test_mae\); the 1 runs have metrics .*\btest_mae\b/);
    const param = await cli(dir, ["runs", "--filter", 'params.model.knd = "mlp"']);
    expect(param.err).toMatch(/no run has params\.model\.knd \(closest: params\.model\.kind\); the 1 runs have params .*model\.kind/);
    const compare = await cli(dir, ["compare", "red/AAPL/v3", "red/AAPL@latest"]);
    expect(compare.err).toBe("error: field 'RUN': no published run 'red/AAPL/v3'; runs there: red/AAPL/v1\n");
    expect((await cli(dir, ["compare", "red-AAPL-3"])).err).toContain("expected <team>/<SYMBOL>/v<N> or <team>/<SYMBOL>@latest");
    // A key some run has but that matches nothing is an honest empty answer, not an error.
    const none = await cli(dir, ["runs", "--filter", "metrics.test_mae < 0.1"]);
    expect(none.code).toBe(0);
    expect(none.out).toContain("none of the 1 published versions matches");
  });

  it("runs, compare and champion history that find nothing say where they looked and which flag points elsewhere", async () => {
    const dir = await createTempRepo({ "README.md": "main\n" });
    const runs = await cli(dir, ["runs"]);
    expect(runs.code).toBe(0);
    expect(runs.out).toContain(`no published versions: looked in ${dir} for tags models/<team>/<SYMBOL>/v<N>`);
    expect(runs.out).toContain("--repo DIR reads another clone or bare repository");
    const compare = await cli(dir, ["compare", "red/AAPL/v1", "red/AAPL@latest"]);
    expect(compare.code).toBe(2);
    expect(compare.err).toMatch(/no published runs at all, so not red\/AAPL\/v1, red\/AAPL@latest: looked in .* --repo DIR/);
    const history = await cli(dir, ["champion", "history", "red/AAPL"]);
    expect(history.code).toBe(2);
    expect(history.err).toMatch(/no model branch 'red\/AAPL' \(expected <team>\/<SYMBOL>\): looked in .* for refs\/heads\/red\/AAPL and refs\/remotes\/origin\/red\/AAPL; --repo DIR/);
  });
});
