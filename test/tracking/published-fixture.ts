import type { GitRepo } from "../../src/gitops/git-repo.js";
import { planPublish } from "../../src/publish/plan-publish.js";
import { publishedPaths } from "../../src/publish/published-records.js";
import { buildLineage, buildMetrics } from "../support/metrics-builder.js";

export interface FixtureVersion {
  testMae: number;
  skill?: number;
  /** ISO 8601 UTC publish time. */
  date: string;
  kind?: "ridge" | "mlp" | "lstm";
  epochs?: number;
  dataVersion?: string;
}

export const fixtureConfig = (team: string, symbol: string, kind: string, epochs: number) =>
  `team = "${team}"\nsymbol = "${symbol}"\nseed = 7\n\n[model]\nkind = "${kind}"\nepochs = ${epochs}\n\n[gate]\nmin_skill_vs_naive = 0\n`;

/**
 * Publishes versions the way `publishArtifacts` does (the real `planPublish`: versions.jsonl, champion.json,
 * CARD.md, tag) but committed locally with `repo.commitFiles`, without training a model or pushing.
 */
export async function publishLocally(repo: GitRepo, team: string, symbol: string, versions: readonly FixtureVersion[]): Promise<string[]> {
  const branch = `${team}/${symbol}`;
  const paths = publishedPaths(symbol);
  const decode = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
  const commits: string[] = [];
  for (const version of versions) {
    const head = await repo.resolveRef(`refs/heads/${branch}`);
    if (!head) throw new Error(`fixture: branch ${branch} missing`);
    const kind = version.kind ?? "ridge";
    // The gate compares champions on skill (never raw MAE across spans): a lower test MAE gets a higher default skill.
    const metrics = buildMetrics({ team, symbol, testMae: version.testMae, skill: version.skill ?? 0.02 + 0.01 / version.testMae, kind });
    const encode = (text: string) => new TextEncoder().encode(text);
    const artifacts: Record<string, Uint8Array> = {
      [`${paths.modelDir}/metrics.json`]: encode(`${JSON.stringify(metrics, null, 2)}\n`),
      [`${paths.modelDir}/lineage.json`]: encode(`${JSON.stringify(buildLineage({ team, symbol, ...(version.dataVersion ? { dataVersion: version.dataVersion } : {}) }))}\n`),
      [`${paths.modelDir}/model.json`]: encode(`{"weights":${version.testMae}}\n`),
    };
    const plan = planPublish(
      {
        head,
        versionsText: decode(await repo.readFile(head, paths.versions)),
        championText: decode(await repo.readFile(head, paths.champion)),
        artifacts: {},
        taggedVersions: [],
      },
      {
        team,
        symbol,
        artifacts,
        metrics,
        lineage: buildLineage({ team, symbol, ...(version.dataVersion ? { dataVersion: version.dataVersion } : {}) }),
        gate: { min_skill_vs_naive: 0, allow_worse_than_champion: false, alpha: 0.05 },
        configCommit: head,
        date: version.date,
        author: { name: "Test", email: "test@example.com", timestamp: Math.floor(Date.parse(version.date) / 1000) },
      },
    );
    if (plan.action !== "commit") throw new Error("fixture: nothing to publish");
    const changes = { ...plan.changes, "stockops.toml": fixtureConfig(team, symbol, kind, version.epochs ?? 20) };
    const commit = await repo.commitFiles({ branch, parent: head, changes, message: plan.message, author: plan.author });
    await repo.tag(plan.tag, commit);
    commits.push(commit);
  }
  return commits;
}
