// Contention: N writers push to one branch at once through the real `git http-backend` (pushWithRetry with
// its production policy: fetch, re-apply, one atomic push, jittered exponential backoff). Landing time is
// from the common start to that writer's push being accepted; p50 / p99 over every writer of 3 rounds.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBareRepo, startGitHttpServer } from "../lib/gitops/git-http-server.js";
import { openGitRepo } from "../lib/gitops/isomorphic-git-repo.js";
import { pushWithRetry } from "../lib/gitops/push-with-retry.js";

const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com" };
const git = (cwd, ...args) => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();
// Clones go through the in-process HTTP server, so they must not block its event loop.
const gitAsync = async (cwd, ...args) => (await promisify(execFile)("git", args, { cwd, env, encoding: "utf8" })).stdout.trim();
const author = { name: "bench", email: "bench@example.com" };

async function round(writers) {
  const root = mkdtempSync(join(tmpdir(), "stockops-contention-"));
  try {
    const bare = await createBareRepo(root, "origin", "trading");
    const seed = join(root, "seed");
    git(root, "init", "--quiet", "--initial-branch=trading", seed);
    git(seed, "commit", "--quiet", "--allow-empty", "-m", "initial");
    git(seed, "push", "--quiet", bare, "trading");
    const server = await startGitHttpServer({ projectRoot: root });
    try {
      const url = `${server.url}/origin.git`;
      const repos = [];
      for (let index = 0; index < writers; index += 1) {
        await gitAsync(root, "clone", "--quiet", "--branch", "trading", url, `w${index}`);
        repos.push(openGitRepo({ dir: join(root, `w${index}`) }));
      }
      const start = performance.now();
      const landed = await Promise.all(
        repos.map(async (repo, index) => {
          const outcome = await pushWithRetry({
            repo,
            branch: "trading",
            prepare: async (head) => {
              const before = head ? new TextDecoder().decode((await repo.readFile(head, "log.txt")) ?? new Uint8Array()) : "";
              const commit = await repo.commitFiles({ parent: head, changes: { "log.txt": `${before}writer ${index}\n` }, message: `writer ${index}`, author });
              return { commit, value: index };
            },
          });
          return { ms: performance.now() - start, attempts: outcome.attempts };
        }),
      );
      const lines = git(bare, "show", "trading:log.txt").split("\n");
      if (lines.length !== writers || new Set(lines).size !== writers) throw new Error(`expected ${writers} distinct lines, found ${lines.length}`);
      return landed;
    } finally {
      await server.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export async function benchContention() {
  const rows = [];
  for (const writers of [2, 8, 16]) {
    const samples = [];
    for (let r = 0; r < 3; r += 1) samples.push(...(await round(writers)));
    const times = samples.map((s) => s.ms);
    rows.push({ name: `${writers} writers: landing time p50 / p99 (all landed, no gap)`, value: `${percentile(times, 50).toFixed(0)} ms / ${percentile(times, 99).toFixed(0)} ms` });
    rows.push({ name: `${writers} writers: attempts per writer, max`, value: String(Math.max(...samples.map((s) => s.attempts))) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchContention()) console.log(`| ${row.name} | ${row.value} |`);
}
