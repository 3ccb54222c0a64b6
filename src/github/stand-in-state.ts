/** What the GitHub stand-in remembers: repositories, their issues and pull requests, comments, dispatches. */

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  author: string;
  createdAt: string;
  updatedAt: string;
  /** The `pull_request` object of a webhook payload, when this number is a pull request. */
  pull?: Record<string, unknown>;
}

export interface StoredDispatch {
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

export interface StandInRepo {
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  fork: boolean;
  issues: Map<number, StoredIssue>;
  comments: StoredComment[];
  dispatches: StoredDispatch[];
}

export interface StandInRepoSeed {
  fullName: string;
  defaultBranch?: string;
  private?: boolean;
  fork?: boolean;
}

export class StandInState {
  readonly repos = new Map<string, StandInRepo>();
  /** When false, a repository must be seeded before it exists (404 otherwise). */
  private readonly createReposOnFirstUse: boolean;
  private nextId = 1;
  private readonly clock: () => Date;

  constructor(options: { repos?: StandInRepoSeed[]; clock?: () => Date } = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.createReposOnFirstUse = options.repos === undefined;
    for (const seed of options.repos ?? []) this.addRepo(seed);
  }

  addRepo({ fullName, defaultBranch = "main", private: isPrivate = false, fork = false }: StandInRepoSeed): StandInRepo {
    const [owner = "", name = ""] = fullName.split("/");
    const existing = this.repos.get(key(fullName));
    if (existing) return existing;
    const repo: StandInRepo = { owner, name, fullName, defaultBranch, private: isPrivate, fork, issues: new Map(), comments: [], dispatches: [] };
    this.repos.set(key(fullName), repo);
    return repo;
  }

  repo(owner: string, name: string): StandInRepo | undefined {
    const found = this.repos.get(key(`${owner}/${name}`));
    if (found || !this.createReposOnFirstUse) return found;
    return this.addRepo({ fullName: `${owner}/${name}` });
  }

  /** Registers the pull request of a webhook payload (`payload.pull_request`) so it can be read and commented on. */
  addPullRequest(fullName: string, pull: Record<string, unknown>): StoredIssue {
    const repo = this.addRepo({ fullName });
    const user = pull.user as { login?: string } | undefined;
    const now = this.now();
    const issue: StoredIssue = {
      number: Number(pull.number),
      title: String(pull.title ?? ""),
      body: String(pull.body ?? ""),
      state: pull.state === "closed" ? "closed" : "open",
      labels: [],
      author: user?.login ?? "octocat",
      createdAt: String(pull.created_at ?? now),
      updatedAt: String(pull.updated_at ?? now),
      pull,
    };
    repo.issues.set(issue.number, issue);
    return issue;
  }

  createIssue(repo: StandInRepo, fields: { title: string; body: string; labels: string[]; author: string }): StoredIssue {
    const number = Math.max(0, ...repo.issues.keys()) + 1;
    const now = this.now();
    const issue: StoredIssue = { number, state: "open", createdAt: now, updatedAt: now, ...fields };
    repo.issues.set(number, issue);
    return issue;
  }

  createComment(repo: StandInRepo, issueNumber: number, body: string, author: string): StoredComment {
    const now = this.now();
    const comment: StoredComment = { id: this.nextId++, issueNumber, body, author, createdAt: now, updatedAt: now };
    repo.comments.push(comment);
    return comment;
  }

  touch(record: { updatedAt: string }): void {
    record.updatedAt = this.now();
  }

  /** Every comment on one issue or pull request, oldest first. */
  commentsOn(fullName: string, issueNumber: number): StoredComment[] {
    return this.repos.get(key(fullName))?.comments.filter((comment) => comment.issueNumber === issueNumber) ?? [];
  }

  private now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, "Z");
  }
}

function key(fullName: string): string {
  return fullName.toLowerCase();
}
