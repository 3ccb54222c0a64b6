// After a new data.dvc on main, `stockops data dispatch` (data.yml's retrain job) dispatches pipeline.yml for every
// model branch that follows main's data, read at its tip on a real git origin, through the local GitHub stand-in.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { planDataDispatch } from "../../src/dvc/follow/plan-data-dispatch.js";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { cli, createFollowWorld, dvcBranchToml, type FollowWorld } from "./follow-world.js";

const TOKEN = "ghs_dataDispatchTestToken0000000000000";
const REPOSITORY = "acme/stocks";

let world: FollowWorld;
let standIn: GitHubStandIn;
let mainDir: string;

beforeAll(async () => {
  world = await createFollowWorld(
    {
      "red/AAPL": dvcBranchToml("red", "AAPL"),
      "green/AAPL": dvcBranchToml("green", "AAPL", false),
      "blue/AAPL": dvcBranchToml("blue", "AAPL", true),
      "red/SPX": 'symbol = "SPX"\nteam = "red"\n\n[data]\nsource = "package"\n',
      "teal/AAPL": dvcBranchToml("teal", "AAPL").replace("[model]", "[modle]"),
    },
    ["red/AAPL", "blue/AAPL", "red/SPX", "teal/AAPL", "blue/MSFT", "green/AAPL"],
  );
  mainDir = join(world.parent, "main");
  standIn = await startGitHubStandIn({ token: TOKEN, repos: [{ fullName: REPOSITORY, defaultBranch: "main" }] });
}, 120_000);

afterAll(async () => {
  await standIn?.close();
  await world?.cleanup();
});

const env = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: standIn.url });
const dispatches = () => standIn.state.repos.get(REPOSITORY)!.dispatches;

describe("stockops data dispatch", () => {
  it("dispatches pipeline.yml, from the default branch, for exactly the branches that follow main's data.dvc", async () => {
    dispatches().length = 0;
    const { out } = await cli(["data", "dispatch"], mainDir, env());
    expect(dispatches()).toEqual([
      { workflow: "pipeline.yml", ref: "main", inputs: { branch: "red/AAPL" } },
      { workflow: "pipeline.yml", ref: "main", inputs: { branch: "green/AAPL" } },
    ]);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^red\/AAPL\s+dispatched\s+follows main's data\.dvc$/);
    expect(lines[1]).toMatch(/^blue\/AAPL\s+left\s+\[data\] pin = true: keeps its own data\.dvc$/);
    expect(lines[2]).toMatch(/^red\/SPX\s+left\s+\[data\] source = "package": does not read data\.dvc$/);
    expect(lines[3]).toMatch(/^teal\/AAPL\s+left\s+not read: .*teal\/AAPL:stockops\.toml.*modle/);
    expect(lines[4]).toMatch(/^blue\/MSFT\s+left\s+not on the remote/);
    expect(lines[6]).toBe("2 dispatched of 6 branches");
  });

  it("--dry-run lists the followers and dispatches nothing; without a token it refuses instead of doing nothing", async () => {
    dispatches().length = 0;
    const dry = await cli(["data", "dispatch", "--dry-run"], mainDir);
    expect(dry.out).toMatch(/^red\/AAPL\s+would dispatch\s+follows main's data\.dvc$/m);
    expect(dry.out).toContain("2 would be dispatched of 6 branches");
    const refused = await cli(["data", "dispatch"], mainDir, {}, true);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("GITHUB_TOKEN is not set");
    expect(dispatches()).toEqual([]);
  });

  it("a refused dispatch does not stop the others, and the error names the branch", async () => {
    dispatches().length = 0;
    standIn.injectFault({ method: "POST", path: /\/dispatches$/, status: 403, times: 1 });
    const { code, err } = await cli(["data", "dispatch"], mainDir, env(), true);
    expect(code).toBe(1);
    expect(err).toMatch(/could not dispatch the pipeline for red\/AAPL \(.*answered 403.*\); dispatched: green\/AAPL/);
    expect(dispatches()).toEqual([{ workflow: "pipeline.yml", ref: "main", inputs: { branch: "green/AAPL" } }]);
  });
});

describe("planDataDispatch", () => {
  it("dispatches only source dvc without pin", () => {
    const config = (data: string) => parseModelConfig(`symbol = "AAPL"\nteam = "red"\n[data]\n${data}\n`);
    const steps = planDataDispatch(
      [
        { branch: "a/AAPL", kind: "config", config: config('source = "dvc"') },
        { branch: "b/AAPL", kind: "config", config: config('source = "dvc"\npin = false') },
        { branch: "c/AAPL", kind: "config", config: config('source = "dvc"\npin = true') },
        { branch: "d/AAPL", kind: "config", config: config('source = "csv"\npath = "x.csv"') },
        { branch: "e/AAPL", kind: "missing" },
      ],
      { workflow: "pipeline.yml", ref: "main", from: "main" },
    );
    expect(steps.map((step) => [step.branch, step.follows, step.dispatch?.inputs.branch])).toEqual([
      ["a/AAPL", true, "a/AAPL"],
      ["b/AAPL", true, "b/AAPL"],
      ["c/AAPL", false, undefined],
      ["d/AAPL", false, undefined],
      ["e/AAPL", false, undefined],
    ]);
  });
});
