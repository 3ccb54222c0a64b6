import * as nodeFs from "node:fs";
import type { FsClient, HttpClient, TreeEntry } from "isomorphic-git";
import { GitError } from "../errors.js";
import type { CommitFilesOptions, FileChanges, GitRepo, RefUpdate } from "./git-repo.js";
import { gitCliTransport } from "./git-cli-transport.js";
import { httpTransport } from "./http-transport.js";
import type { RemoteTransport } from "./remote-transport.js";
import { remoteTransportKind } from "./remote-url.js";

export interface OpenGitRepoOptions {
  /** Working tree of an existing clone. */
  dir: string;
  /** Remote to fetch from and push to. */
  remote?: string;
  /** URL to use instead of the remote's configured one (remote-tracking refs still go under `remote`). */
  url?: string;
  /**
   * Token sent as HTTP Basic password with user `x-access-token`, the form GitHub accepts for
   * `GITHUB_TOKEN` and installation tokens. Pushes made with GITHUB_TOKEN start no new workflow run.
   * Used for http(s) remotes only: SSH and local remotes authenticate the way git does.
   */
  token?: string;
  /** Environment of the git command line for non-HTTP remotes (GIT_SSH_COMMAND, SSH_AUTH_SOCK, HOME); default this process's. */
  env?: NodeJS.ProcessEnv;
  fs?: FsClient;
}

/**
 * A `GitRepo` over a clone at `dir`: objects, commits and tags through isomorphic-git (loaded on first
 * use); the network through isomorphic-git for http(s) remotes and through the git command line for
 * SSH, local paths and `file://`, chosen from the remote's URL (docs/decisions/0013).
 */
export function openGitRepo(options: OpenGitRepoOptions): GitRepo {
  return new IsomorphicGitRepo(options);
}

type Git = typeof import("isomorphic-git");

class IsomorphicGitRepo implements GitRepo {
  readonly dir: string;
  private readonly remote: string;
  private readonly url: string | undefined;
  private readonly fs: FsClient;
  private readonly token: string | undefined;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly cache: object = {};
  private loaded: Promise<Git> | undefined;
  private transported: Promise<RemoteTransport> | undefined;

  constructor(options: OpenGitRepoOptions) {
    this.dir = options.dir;
    this.remote = options.remote ?? "origin";
    this.url = options.url;
    this.fs = options.fs ?? nodeFs;
    this.token = options.token;
    this.env = options.env;
  }

  private load(): Promise<Git> {
    this.loaded ??= import("isomorphic-git");
    return this.loaded;
  }

  private get base() {
    return { fs: this.fs, dir: this.dir, cache: this.cache };
  }

  /** The remote's transport, chosen once from its URL; a URL that cannot be read is retried on the next call. */
  private transport(): Promise<RemoteTransport> {
    this.transported ??= this.openTransport().catch((error: unknown) => {
      this.transported = undefined;
      throw error;
    });
    return this.transported;
  }

  private async openTransport(): Promise<RemoteTransport> {
    const url = await this.remoteUrl();
    const target = { dir: this.dir, remote: this.remote, url, overridden: this.url !== undefined };
    if (remoteTransportKind(url) !== "http") return gitCliTransport({ ...target, ...(this.env ? { env: this.env } : {}) });
    const [git, http] = await Promise.all([this.load(), import("isomorphic-git/http/node").then((module) => module.default as HttpClient)]);
    return httpTransport({ ...target, git, http, fs: this.fs, cache: this.cache, ...(this.token ? { token: this.token } : {}) });
  }

  async headCommit(): Promise<string | undefined> {
    return this.resolveRef("HEAD");
  }

  async fetchBranch(branch: string): Promise<string | undefined> {
    const refs = await this.listRemoteRefs(`refs/heads/${branch}`);
    if (refs[`refs/heads/${branch}`] === undefined) return undefined;
    const fetched = await (await this.transport()).fetchBranch(branch);
    return fetched === undefined ? this.resolveRef(`refs/remotes/${this.remote}/${branch}`) : this.resolveRef(fetched);
  }

  async fetchEverything(): Promise<void> {
    await (await this.transport()).fetchEverything();
  }

  async resolveRef(ref: string): Promise<string | undefined> {
    const git = await this.load();
    try {
      const full = /^[0-9a-f]{40}$/.test(ref) || ref.startsWith("refs/") || ref === "HEAD" ? ref : await git.expandRef({ ...this.base, ref });
      const oid = await git.resolveRef({ ...this.base, ref: full });
      return await peelToCommit(git, this.base, oid);
    } catch {
      return undefined;
    }
  }

  async readFile(ref: string, filepath: string): Promise<Uint8Array | undefined> {
    const git = await this.load();
    const oid = await this.requireCommit(ref);
    try {
      return (await git.readBlob({ ...this.base, oid, filepath })).blob;
    } catch (error) {
      if ((error as { code?: string }).code === "NotFoundError") return undefined;
      throw new GitError(`cannot read ${filepath} at ${ref}: ${(error as Error).message}`, { file: filepath });
    }
  }

  async listFiles(ref: string, prefix = ""): Promise<string[]> {
    const git = await this.load();
    const oid = await this.requireCommit(ref);
    const files = await git.listFiles({ ...this.base, ref: oid });
    return prefix ? files.filter((path) => path.startsWith(`${prefix}/`)) : files;
  }

  async listBranches(options: { remote?: boolean } = {}): Promise<string[]> {
    const git = await this.load();
    const names = await git.listBranches({ ...this.base, ...(options.remote ? { remote: this.remote } : {}) });
    return names.filter((name) => name !== "HEAD").sort();
  }

  async listTags(prefix = ""): Promise<string[]> {
    const git = await this.load();
    return (await git.listTags(this.base)).filter((tag) => tag.startsWith(prefix)).sort();
  }

  async listRemoteRefs(prefix: string): Promise<Record<string, string>> {
    return (await this.transport()).listRefs(prefix);
  }

  async commitParents(commit: string): Promise<string[] | undefined> {
    const git = await this.load();
    try {
      return (await git.readCommit({ ...this.base, oid: commit })).commit.parent;
    } catch {
      return undefined;
    }
  }

  async commitFiles(options: CommitFilesOptions): Promise<string> {
    const git = await this.load();
    const baseTree = options.parent ? (await git.readCommit({ ...this.base, oid: options.parent })).commit.tree : undefined;
    const tree = (await this.writeTreeWith(git, baseTree, splitChanges(options.changes))) ?? (await git.writeTree({ ...this.base, tree: [] }));
    const timestamp = options.author.timestamp ?? Math.floor(Date.now() / 1000);
    const identity = { name: options.author.name, email: options.author.email, timestamp, timezoneOffset: 0 };
    const commit = await git.commit({
      ...this.base,
      message: options.message.endsWith("\n") ? options.message : `${options.message}\n`,
      author: identity,
      committer: identity,
      tree,
      parent: options.parent ? [options.parent] : [],
      noUpdateBranch: true,
    });
    if (options.branch) await git.writeRef({ ...this.base, ref: `refs/heads/${options.branch}`, value: commit, force: true });
    return commit;
  }

  async tag(name: string, commit: string): Promise<void> {
    const git = await this.load();
    await git.tag({ ...this.base, ref: name, object: commit, force: true });
  }

  async push(ref: string, kind: "branch" | "tag", commit?: string): Promise<void> {
    const full = kind === "branch" ? `refs/heads/${ref}` : `refs/tags/${ref}`;
    await (await this.transport()).push(commit ?? full, full, ref);
  }

  async pushAtomic(updates: readonly RefUpdate[]): Promise<void> {
    const git = await this.load();
    await (await this.transport()).pushAtomic(updates);
    for (const update of updates) {
      const local = update.kind === "branch" ? `refs/remotes/${this.remote}/${update.ref}` : `refs/tags/${update.ref}`;
      await git.writeRef({ ...this.base, ref: local, value: update.commit, force: true });
    }
  }

  private async requireCommit(ref: string): Promise<string> {
    const oid = await this.resolveRef(ref);
    if (!oid) throw new GitError(`ref '${ref}' not found: expected a branch, tag or commit id`, { field: "ref" });
    return oid;
  }

  private async remoteUrl(): Promise<string> {
    if (this.url) return this.url;
    const git = await this.load();
    const url = (await git.getConfig({ ...this.base, path: `remote.${this.remote}.url` })) as string | undefined;
    if (!url) throw new GitError(`remote '${this.remote}' has no url in ${this.dir}/.git/config`, { field: `remote.${this.remote}.url` });
    return url;
  }

  /** Writes the tree `treeOid` with `changes` applied; `undefined` when the result is empty. */
  private async writeTreeWith(git: Git, treeOid: string | undefined, changes: Map<string, TreeChange>): Promise<string | undefined> {
    const entries = new Map<string, TreeEntry>();
    if (treeOid) for (const entry of (await git.readTree({ ...this.base, oid: treeOid })).tree) entries.set(entry.path, entry);
    for (const [name, change] of changes) {
      const existing = entries.get(name);
      if (change.kind === "file") {
        if (change.content === null) entries.delete(name);
        else {
          const oid = await git.writeBlob({ ...this.base, blob: change.content });
          const mode = existing?.type === "blob" ? existing.mode : "100644";
          entries.set(name, { mode, path: name, oid, type: "blob" });
        }
        continue;
      }
      const subtree = await this.writeTreeWith(git, existing?.type === "tree" ? existing.oid : undefined, change.children);
      if (subtree) entries.set(name, { mode: "040000", path: name, oid: subtree, type: "tree" });
      else entries.delete(name);
    }
    if (entries.size === 0) return undefined;
    return git.writeTree({ ...this.base, tree: [...entries.values()] });
  }
}

type TreeChange = { kind: "file"; content: Uint8Array | null } | { kind: "folder"; children: Map<string, TreeChange> };

function splitChanges(changes: FileChanges): Map<string, TreeChange> {
  const root = new Map<string, TreeChange>();
  for (const [path, content] of Object.entries(changes)) {
    const parts = path.split("/").filter(Boolean);
    if (parts.length === 0 || parts.some((part) => part === "." || part === ".." || part === ".git")) {
      throw new GitError(`invalid path '${path}' in a commit: expected a relative path inside the repository`, { file: path });
    }
    let level = root;
    for (const folder of parts.slice(0, -1)) {
      let next = level.get(folder);
      if (!next || next.kind !== "folder") {
        next = { kind: "folder", children: new Map() };
        level.set(folder, next);
      }
      level = next.children;
    }
    const bytes = content === null ? null : typeof content === "string" ? new TextEncoder().encode(content) : content;
    level.set(parts.at(-1)!, { kind: "file", content: bytes });
  }
  return root;
}

async function peelToCommit(git: Git, base: { fs: FsClient; dir: string; cache: object }, oid: string): Promise<string> {
  const { type, object } = await git.readObject({ ...base, oid, format: "parsed" });
  if (type === "tag") return peelToCommit(git, base, (object as { object: string }).object);
  return oid;
}
