import { createHash } from "node:crypto";
import type { ExpressionValue } from "./expressions.js";
import type { RunnerEvent } from "./event-filter.js";
import type { RunnerSetup } from "./runner-setup.js";

export interface RunIdentity {
  runId: number;
  runNumber: number;
  workflowName: string;
  workflowFile: string;
}

export interface JobPaths {
  workspace: string;
  temp: string;
  toolCache: string;
  eventPath: string;
  /** ImageOS of the job's runs-on label (`ubuntu24` for ubuntu-latest), as the hosted images set it. */
  imageOs?: string;
}

/** octocat's user id, the default actor of the local runner. */
const OCTOCAT_ID = "583231";

/** The `ImageOS` a hosted Ubuntu image sets for a runs-on label: ubuntu-latest is ubuntu24, ubuntu-22.04 ubuntu22. */
export function imageOsOf(labels: readonly string[]): string {
  const version = labels.map((label) => /^ubuntu-(\d\d)\.\d\d/.exec(label)?.[1]).find(Boolean);
  return `ubuntu${version ?? "24"}`;
}

/** A local repository or actor has no GitHub id; a number derived from its name is stable across runs. */
function stableId(name: string): string {
  return String(parseInt(createHash("sha256").update(name).digest("hex").slice(0, 8), 16));
}

/** The `github` context of one job, filled as the hosted runner fills it. */
export function githubContext(setup: RunnerSetup, event: RunnerEvent, run: RunIdentity, jobId: string, paths: JobPaths): Record<string, ExpressionValue> {
  const [owner = ""] = setup.repository.split("/");
  return {
    event_name: event.name,
    event: event.payload as ExpressionValue,
    event_path: paths.eventPath,
    ref: event.ref,
    ref_name: refName(event),
    ref_type: event.ref.startsWith("refs/tags/") ? "tag" : "branch",
    ref_protected: false,
    sha: event.sha,
    repository: setup.repository,
    repository_owner: owner,
    repository_id: stableId(`repository:${setup.repository}`),
    repository_owner_id: stableId(`owner:${owner}`),
    repositoryUrl: `${setup.serverUrl}/${setup.repository}.git`,
    actor: setup.actor ?? "octocat",
    actor_id: setup.actorId ?? (setup.actor === undefined ? OCTOCAT_ID : stableId(`actor:${setup.actor}`)),
    triggering_actor: setup.actor ?? "octocat",
    workflow: run.workflowName,
    workflow_ref: `${setup.repository}/${run.workflowFile}@${event.ref}`,
    workflow_sha: event.sha,
    job: jobId,
    run_id: String(run.runId),
    run_number: String(run.runNumber),
    run_attempt: "1",
    server_url: setup.serverUrl,
    api_url: setup.apiUrl,
    graphql_url: `${setup.apiUrl}/graphql`,
    workspace: paths.workspace,
    token: setup.token,
    head_ref: event.name === "pull_request" ? (event.headRef ?? "") : "",
    base_ref: event.name === "pull_request" ? (event.baseRef ?? "") : "",
    action: "",
    retention_days: "90",
  };
}

/** The GITHUB_* and RUNNER_* variables every step sees, mirroring `github` and `runner`. */
export function githubEnv(github: Record<string, ExpressionValue>, paths: JobPaths): Record<string, string> {
  const text = (key: string) => String(github[key] ?? "");
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION: text("action"),
    GITHUB_EVENT_NAME: text("event_name"),
    GITHUB_EVENT_PATH: paths.eventPath,
    GITHUB_REF: text("ref"),
    GITHUB_REF_NAME: text("ref_name"),
    GITHUB_REF_TYPE: text("ref_type"),
    GITHUB_REF_PROTECTED: "false",
    GITHUB_SHA: text("sha"),
    GITHUB_REPOSITORY: text("repository"),
    GITHUB_REPOSITORY_ID: text("repository_id"),
    GITHUB_REPOSITORY_OWNER: text("repository_owner"),
    GITHUB_REPOSITORY_OWNER_ID: text("repository_owner_id"),
    GITHUB_ACTOR: text("actor"),
    GITHUB_ACTOR_ID: text("actor_id"),
    GITHUB_TRIGGERING_ACTOR: text("triggering_actor"),
    GITHUB_WORKFLOW: text("workflow"),
    GITHUB_WORKFLOW_REF: text("workflow_ref"),
    GITHUB_WORKFLOW_SHA: text("workflow_sha"),
    GITHUB_JOB: text("job"),
    GITHUB_RUN_ID: text("run_id"),
    GITHUB_RUN_NUMBER: text("run_number"),
    GITHUB_RUN_ATTEMPT: text("run_attempt"),
    GITHUB_SERVER_URL: text("server_url"),
    GITHUB_API_URL: text("api_url"),
    GITHUB_GRAPHQL_URL: text("graphql_url"),
    GITHUB_WORKSPACE: paths.workspace,
    GITHUB_HEAD_REF: text("head_ref"),
    GITHUB_BASE_REF: text("base_ref"),
    GITHUB_RETENTION_DAYS: text("retention_days"),
    ImageOS: paths.imageOs ?? "ubuntu24",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: process.arch === "arm64" ? "ARM64" : "X64",
    RUNNER_NAME: "stockops-local-runner",
    RUNNER_ENVIRONMENT: "github-hosted",
    RUNNER_TEMP: paths.temp,
    RUNNER_TOOL_CACHE: paths.toolCache,
  };
}

export function runnerContext(paths: JobPaths): Record<string, ExpressionValue> {
  return {
    os: "Linux",
    arch: process.arch === "arm64" ? "ARM64" : "X64",
    name: "stockops-local-runner",
    environment: "github-hosted",
    temp: paths.temp,
    tool_cache: paths.toolCache,
    debug: "",
  };
}

function refName(event: RunnerEvent): string {
  if (event.name === "pull_request") return event.ref.replace(/^refs\//, "").replace(/^pull\//, "") .replace(/^(\d+)\/merge$/, "$1/merge");
  return event.ref.replace(/^refs\/(heads|tags)\//, "");
}
