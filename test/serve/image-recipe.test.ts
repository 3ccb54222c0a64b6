// The serve image's recipe (Dockerfile), tested without Docker: its rules are checked on the file, and with
// STOCKOPS_IMAGE_RECIPE=1 its stages' own commands run in a clean temp folder (the deps stage's `npm ci`, which
// downloads from the npm registry, then the image's ENTRYPOINT and HEALTHCHECK against a published champion).
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, readFile, readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { gitCli, makeTempDir } from "../support/temp-repo.js";
import { publishVersion, serveWorld, type ServeWorld } from "./serve-fixture.js";

const ROOT = resolve(import.meta.dirname, "../..");
const execFileAsync = promisify(execFile);

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Dockerfile instructions by stage (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!;
    const number = index + 1;
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    while (line.endsWith("\\") && index + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++index]!.trim()}`;
    const match = /^(\w+)\s+(.*)$/.exec(line.trim())!;
    const keyword = match[1]!.toUpperCase();
    if (keyword === "FROM") {
      const [from, , name] = match[2]!.split(/\s+/);
      stages.push({ from: from!, name, instructions: [] });
      continue;
    }
    stages.at(-1)!.instructions.push({ keyword, args: match[2]!, line: number });
  }
  return stages;
}

const text = await readFile(join(ROOT, "Dockerfile"), "utf8");
const stages = parseDockerfile(text);
const final = stages.at(-1)!;
const deps = stages.find((stage) => stage.name === "deps")!;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((instruction) => instruction.keyword === keyword);

describe("Dockerfile", () => {
  it("is multi-stage on Node 24 slim, and the runtime stage takes node_modules only from the production-deps stage", () => {
    expect(stages.map((stage) => [stage.from, stage.name ?? null])).toEqual([
      ["node:24-slim", "build"],
      ["node:24-slim", "deps"],
      ["node:24-slim", null],
    ]);
    const npmCi = of(deps, "RUN").map((run) => run.args);
    expect(npmCi).toHaveLength(1);
    expect(npmCi[0]).toMatch(/^npm ci .*--omit=dev/);
    const copies = of(final, "COPY").map((copy) => copy.args);
    expect(copies).toContain("--from=deps /app/node_modules ./node_modules");
    expect(copies.filter((copy) => copy.includes("node_modules"))).toHaveLength(1);
  });

  it("runs as a non-root user, with a HEALTHCHECK and exec-form ENTRYPOINT running stockops serve", () => {
    const users = of(final, "USER").map((user) => user.args);
    expect(users.at(-1)).toBe("node");
    expect(of(final, "HEALTHCHECK")).toHaveLength(1);
    expect(of(final, "HEALTHCHECK")[0]!.args).toMatch(/CMD \[.*\/healthz/);
    expect(JSON.parse(of(final, "ENTRYPOINT")[0]!.args)).toEqual(["node", "bin/stockops.js", "serve"]);
    expect(JSON.parse(of(final, "CMD")[0]!.args)).toContain("0.0.0.0");
  });

  // dockerfile-utils (npm, the linter behind VS Code's Dockerfile support; Debian packages no Dockerfile linter).
  it("passes dockerfile-utils' lint", async () => {
    const { validate } = await import("dockerfile-utils");
    expect(validate(text).map((problem) => `line ${problem.range.start.line + 1}: ${problem.message}`)).toEqual([]);
  });
});

let world: ServeWorld | undefined;
let app: string | undefined;
afterAll(async () => {
  await world?.cleanup();
  if (app) await rm(app, { recursive: true, force: true });
});

describe.skipIf(process.env.STOCKOPS_IMAGE_RECIPE !== "1")("the image's recipe, run in a clean folder (STOCKOPS_IMAGE_RECIPE=1; downloads from the npm registry)", () => {
  it("installs production dependencies only, then the entry command serves a champion and the health check passes", async () => {
    world = await serveWorld({ red: ["AAPL"] });
    await publishVersion(world, "red", 'kind = "ridge"');
    const checkout = join(world.root, "checkout");
    await gitCli(world.root, ["clone", "--quiet", world.remote.url, checkout]);

    app = await makeTempDir("stockops-image-");
    await cp(join(ROOT, "package.json"), join(app, "package.json"));
    await cp(join(ROOT, "package-lock.json"), join(app, "package-lock.json"));
    await execFileAsync("bash", ["-c", of(deps, "RUN")[0]!.args], { cwd: app, maxBuffer: 64 * 1024 * 1024, timeout: 540_000 });
    // The build stage's lib/ is this checkout's (npm run build:lib, the same command); the runtime stage's other COPYs:
    await cp(join(ROOT, "lib"), join(app, "lib"), { recursive: true });
    await mkdir(join(app, "bin"));
    await cp(join(ROOT, "bin"), join(app, "bin"), { recursive: true });
    const installed = await readdir(join(app, "node_modules"));
    for (const devOnly of ["typescript", "vitest", "eslint", "autocannon"]) expect(installed).not.toContain(devOnly);
    expect(installed).toContain("fastify");

    const entry = JSON.parse(of(final, "ENTRYPOINT")[0]!.args) as string[];
    const child = spawn(entry[0]!, [...entry.slice(1), "--dir", checkout, "--host", "127.0.0.1", "--port", "0", "--poll", "0"], { cwd: app, env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((done, fail) => {
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /serving on (http:\/\/\S+)/.exec(stdout);
        if (match) done(match[1]!);
      });
      void exited.then((code) => fail(new Error(`exited ${code}: ${stderr}`)));
    });
    try {
      const prediction = await fetch(`${url}/v1/predictions/red/AAPL`);
      expect(prediction.status).toBe(200);
      expect(((await prediction.json()) as { model: { version: string } }).model.version).toBe("v1");
      // The HEALTHCHECK's own command, aimed at the port this run got instead of the image's 8080.
      const health = JSON.parse(/CMD (\[.*\])$/.exec(of(final, "HEALTHCHECK")[0]!.args)![1]!) as string[];
      const port = new URL(url).port;
      await expect(execFileAsync(health[0]!, health.slice(1).map((arg) => arg.replace("127.0.0.1:8080", `127.0.0.1:${port}`)), { cwd: app })).resolves.toBeDefined();
      expect(stderr.split("\n").filter(Boolean).every((line) => line.startsWith("{"))).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 600_000);
});
