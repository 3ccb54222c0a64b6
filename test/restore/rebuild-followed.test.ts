// A version trained on main's data.dvc (the branch follows it) is rebuilt on that data.dvc, named by its lineage,
// not on the stale copy the branch's commit carries.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalRemote } from "../../src/dvc/local-remote.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { rebuildVersion } from "../../src/restore/rebuild-version.js";
import { gitCli } from "../support/temp-repo.js";
import { cli, createFollowWorld, dvcBranchToml } from "../dvc/follow-world.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("restore of a version trained on main's data.dvc", () => {
  it("rebuilds on the data.dvc at the commit lineage.json names, with identical model files", async () => {
    const world = await createFollowWorld({ "red/AAPL": dvcBranchToml("red", "AAPL") });
    cleanups.push(world.cleanup);
    const dir = join(world.parent, "red-AAPL");
    await gitCli(world.parent, ["clone", "--quiet", "--branch", "red/AAPL", world.remote.url, dir]);
    await cli(["data", "follow"], dir);
    await cli(["data", "pull"], dir);
    await runPipeline({ dir, logger: silentLogger });
    const published = await publishArtifacts({ repo: openGitRepo({ dir }), branch: "red/AAPL", team: "red", symbol: "AAPL", workdir: dir, logger: silentLogger, clock: { now: () => new Date("2026-11-20T21:00:00Z") } });
    expect(published.pushed).toBe(true);
    // The published commit still carries the data.dvc the branch was created with (data version 1).
    expect(await gitCli(world.remote.bareDir, ["show", `${published.commit}:data.dvc`])).toContain(world.version.v1);

    const fresh = join(world.parent, "fresh");
    await gitCli(world.parent, ["clone", "--quiet", world.remote.url, fresh]);
    await gitCli(fresh, ["fetch", "--quiet", "origin", "+refs/heads/*:refs/remotes/origin/*", "--tags"]);
    const result = await rebuildVersion({
      repo: openGitRepo({ dir: fresh }),
      tag: published.tag!,
      commit: published.commit!,
      symbol: "AAPL",
      scratch: join(world.parent, "scratch"),
      dataRemote: new LocalRemote("store", world.dataRemote),
    });
    expect(result.notes).toEqual([]);
    expect(result.identical).toBe(true);
  }, 120_000);
});
