// stockops ready: what a scheduled workflow checks before it works, against a real git http-backend origin.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultModelConfigToml } from "../../src/config/default-model-config.js";
import { loadPriceSeries } from "../../src/data/load-price-series.js";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { monitorReadiness, pagesReadiness, tradeReadiness } from "../../src/readiness/scheduled-readiness.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";

const BRANCHES_JSON = JSON.stringify({ teams: { red: { budget: 1000 }, blue: { budget: 1000 } }, branches: [{ team: "red", symbol: "AAPL" }, { team: "blue", symbol: "AAPL" }] });
const remotes: TempRemote[] = [];
afterEach(async () => {
  for (const remote of remotes.splice(0)) await remote.cleanup();
});

async function world() {
  const remote = await createTempRemote({ "branches.json": BRANCHES_JSON });
  remotes.push(remote);
  const parent = await makeTempDir();
  await gitCli(parent, ["clone", "--quiet", remote.url, "red"]);
  await gitCli(join(parent, "red"), ["checkout", "--quiet", "-b", "red/AAPL"]);
  const { writeFile } = await import("node:fs/promises");
  await writeFile(join(parent, "red", "stockops.toml"), defaultModelConfigToml("red", "AAPL"));
  await gitCli(join(parent, "red"), ["add", "stockops.toml"]);
  await gitCli(join(parent, "red"), ["commit", "--quiet", "-m", "config"]);
  await gitCli(join(parent, "red"), ["push", "--quiet", "origin", "red/AAPL"]);
  await gitCli(parent, ["clone", "--quiet", remote.url, "main"]);
  const dir = join(parent, "main");
  return { dir, repo: openGitRepo({ dir }) };
}

describe("scheduled readiness", () => {
  it("trade: ready on the last date the sample prices reach, a notice for any later date, and a bootstrap notice for a team without branches", async () => {
    const { dir, repo } = await world();
    const last = (await loadPriceSeries(parseModelConfig(defaultModelConfigToml("red", "AAPL"), "stockops.toml"), dir)).bars.at(-1)!.date;
    expect(await tradeReadiness({ dir, repo, team: "red", date: last })).toEqual({ ready: true });
    const later = await tradeReadiness({ dir, repo, team: "red", date: "2026-12-04" });
    expect(later.ready).toBe(false);
    expect(later.notice?.title).toBe("No prices for 2026-12-04 yet");
    expect(later.notice?.message).toContain(`the latest is ${last} (source = "package"`);
    const blue = await tradeReadiness({ dir, repo, team: "blue", date: last });
    expect(blue.notice?.message).toMatch(/^none of blue\/AAPL exists on the remote/);
    expect(await monitorReadiness({ dir, repo })).toEqual({ ready: true });
  });

  it("pages: ready when GitHub answers the Pages site with build_type workflow, a notice on 404 or a branch build", async () => {
    const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
    const base = { apiUrl: "http://127.0.0.1:1", repository: "o/r" };
    expect(await pagesReadiness({ ...base, fetch: answer(200, { build_type: "workflow" }) })).toEqual({ ready: true });
    expect((await pagesReadiness({ ...base, fetch: answer(200, { build_type: "legacy" }) })).notice?.title).toBe("GitHub Pages builds from a branch");
    expect((await pagesReadiness({ ...base, fetch: answer(404, { message: "Not Found" }) })).notice?.title).toBe("GitHub Pages is not enabled");
    await expect(pagesReadiness({ ...base, fetch: answer(403, {}) })).rejects.toThrow(/answered HTTP 403/);
  });
});
