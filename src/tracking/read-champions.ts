import { parseChampion, publishedPaths, type Champion } from "../publish/published-records.js";
import { gitLocation, readText, type RunSource } from "./list-runs.js";

export interface BranchChampion {
  team: string;
  symbol: string;
  branch: string;
  champion: Champion | undefined;
}

const MODEL_BRANCH = /^([a-z][a-z0-9-]*)\/([A-Z][A-Z0-9.\-^]*)$/;

/**
 * champion.json at the tip of every `<team>/<SYMBOL>` branch (local, else origin's), read from git objects.
 * `only` narrows to one branch.
 */
export async function readChampions(source: RunSource, only?: string): Promise<BranchChampion[]> {
  const git = await import("isomorphic-git");
  const location = gitLocation(source);
  const refs = new Map<string, string>();
  const remote = await git.listBranches({ ...location, remote: "origin" }).catch(() => [] as string[]);
  for (const name of remote) refs.set(name, `refs/remotes/origin/${name}`);
  for (const name of await git.listBranches(location)) refs.set(name, `refs/heads/${name}`);
  const result: BranchChampion[] = [];
  for (const [branch, ref] of [...refs].sort(([a], [b]) => a.localeCompare(b))) {
    const match = MODEL_BRANCH.exec(branch);
    if (!match || (only && branch !== only)) continue;
    const [, team, symbol] = match;
    const tip = await git.resolveRef({ ...location, ref });
    const file = publishedPaths(symbol!).champion;
    result.push({ team: team!, symbol: symbol!, branch, champion: parseChampion(await readText(git, location, tip, file), `${branch}:${file}`) });
  }
  return result;
}
