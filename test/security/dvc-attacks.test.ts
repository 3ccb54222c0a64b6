// Attacks on `data pull`, `add`, `status` and `push` from a shared remote or a crafted checkout (issue 16).
// DVC and git refuse paths outside the work tree (git's verify_path: no '..', no '.git', nothing absolute);
// these tests hold stockops to the same, and check that a refusal comes before anything is written.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addData } from "../../src/dvc/add.js";
import { md5Hex } from "../../src/dvc/dir-manifest.js";
import { LocalRemote } from "../../src/dvc/local-remote.js";
import { objectKey } from "../../src/dvc/object-cache.js";
import { dataStatus } from "../../src/dvc/status.js";
import { pullData, pushData } from "../../src/dvc/transfer.js";
import { DataError, StockopsError } from "../../src/errors.js";
import { attackWorld, dataDvc, mkfifo, PASSWD_LINE, type AttackWorld } from "./attack-world.js";

let world: AttackWorld;
afterEach(async () => world?.cleanup());

const PAYLOAD = "pwned\n";

/** A remote holding a one-entry manifest with `relpath` and its member; data.dvc in the repo points at it. */
async function hostileRemote(relpath: string): Promise<LocalRemote> {
  world = await attackWorld();
  await world.plant(PAYLOAD);
  const manifest = JSON.stringify([{ md5: md5Hex(PAYLOAD), relpath }]);
  const md5 = await world.plant(manifest, true);
  await writeFile(join(world.repo, "data.dvc"), dataDvc(md5));
  return new LocalRemote("shared", world.remoteDir);
}

async function repoFiles(): Promise<string[]> {
  return (await readdir(world.repo, { recursive: true })).map(String).sort();
}

describe("data pull: a .dir manifest's relpaths cannot leave the tracked folder", () => {
  const hostile: [string, string][] = [
    ["escaped.txt in the repository root", "../escaped.txt"],
    ["a file outside the repository", "../../evil-outside-repo.txt"],
    ["far outside", "../../../../../../evil.txt"],
    ["a climb hidden mid-path", "prices/../../../evil.txt"],
    ["an absolute path", "/tmp/stockops-evil-absolute.txt"],
    ["git hooks", ".git/hooks/pre-commit"],
    ["a NUL byte", "AAPL.csv\u0000.sh"],
    ["Windows separators", "..\\..\\evil.txt"],
    ["an empty segment", "a//b.csv"],
  ];
  for (const [what, relpath] of hostile) {
    it(`refuses ${what} (${JSON.stringify(relpath)}) before writing anything`, async () => {
      const remote = await hostileRemote(relpath);
      const before = await repoFiles();
      const error = await pullData(world.repo, remote).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StockopsError);
      expect((error as Error).message).toMatch(/relpath .* (climbs out|is absolute|reaches into \.git|NUL|backslash|empty)/);
      expect(await world.strayFiles()).toEqual([]);
      expect(await repoFiles()).toEqual(before);
      expect(existsSync("/tmp/stockops-evil-absolute.txt")).toBe(false);
    });
  }

  it("a .dvc out that climbs out of the repository is refused, naming the field", async () => {
    world = await attackWorld();
    const md5 = await world.plant(PAYLOAD);
    await writeFile(join(world.repo, "data.dvc"), dataDvc(md5, "../../escaped-out.csv"));
    await expect(pullData(world.repo, new LocalRemote("shared", world.remoteDir))).rejects.toThrow(/data\.dvc, field 'outs\[0\]\.path': "\.\.\/\.\.\/escaped-out\.csv" climbs out/);
    expect(await world.strayFiles()).toEqual([]);
  });

  it("a .dvc out inside .dvc or at the repository root is refused", async () => {
    world = await attackWorld();
    const md5 = await world.plant(PAYLOAD);
    for (const [path, reason] of [[".dvc/config", /inside \.dvc/], [".", /the repository itself/]] as const) {
      await writeFile(join(world.repo, "data.dvc"), dataDvc(md5, path));
      await expect(pullData(world.repo, new LocalRemote("shared", world.remoteDir))).rejects.toThrow(reason);
    }
  });

  it("never writes through a symlinked folder inside the tracked folder", async () => {
    const remote = await hostileRemote("sub/AAPL.csv");
    await mkdir(join(world.repo, "data"));
    await symlink(world.outside, join(world.repo, "data", "sub"));
    await expect(pullData(world.repo, remote, { force: true })).rejects.toThrow(/data\/sub.*symbolic link/);
    expect(await readdir(world.outside)).toEqual(["passwd"]);
  });

  it("never writes through a symlinked tracked folder", async () => {
    const remote = await hostileRemote("AAPL.csv");
    await symlink(world.outside, join(world.repo, "data"));
    await expect(pullData(world.repo, remote, { force: true })).rejects.toThrow(/field 'outs\[0\]\.path'.*symbolic link/);
    expect(await readdir(world.outside)).toEqual(["passwd"]);
  });

  it("never overwrites the target of a symlinked file", async () => {
    const remote = await hostileRemote("AAPL.csv");
    await mkdir(join(world.repo, "data"));
    await symlink(join(world.outside, "passwd"), join(world.repo, "data", "AAPL.csv"));
    await expect(pullData(world.repo, remote, { force: true })).rejects.toThrow(/data\/AAPL\.csv.*symbolic link/);
    expect(await readFile(join(world.outside, "passwd"), "utf8")).toContain(PASSWD_LINE);
  });

  it("a FIFO planted in the remote is refused at once instead of hanging the pull", async () => {
    world = await attackWorld();
    const md5 = md5Hex(PAYLOAD);
    const path = join(world.remoteDir, objectKey(md5));
    await mkdir(join(path, ".."), { recursive: true });
    mkfifo(path);
    await writeFile(join(world.repo, "data.csv.dvc"), dataDvc(md5, "data.csv"));
    await expect(pullData(world.repo, new LocalRemote("shared", world.remoteDir), { dvcFile: "data.csv.dvc" })).rejects.toThrow(/FIFO \(named pipe\), not a regular file/);
  });
});

describe("data add, status and push: symbolic links are refused, naming the link", () => {
  async function repoWithLink(): Promise<void> {
    world = await attackWorld();
    await mkdir(join(world.repo, "data"));
    await writeFile(join(world.repo, "data", "AAPL.csv"), "Date,Open\n");
    await symlink(join(world.outside, "passwd"), join(world.repo, "data", "passwd.csv"));
  }

  it("add refuses a folder holding a link, and caches nothing of what it points at", async () => {
    await repoWithLink();
    const error = await addData(world.repo, "data").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/data\/passwd\.csv: is a symbolic link/);
    expect((error as Error).message).not.toContain(PASSWD_LINE);
    expect(existsSync(join(world.repo, "data.dvc"))).toBe(false);
    const cached = existsSync(join(world.repo, ".dvc", "cache")) ? await readdir(join(world.repo, ".dvc", "cache"), { recursive: true }) : [];
    for (const entry of cached) {
      const path = join(world.repo, ".dvc", "cache", String(entry));
      if (existsSync(path) && !(await readdir(path).catch(() => undefined))) expect(await readFile(path, "utf8")).not.toContain("root:x");
    }
  });

  it("add refuses a link given as the target itself", async () => {
    await repoWithLink();
    await expect(addData(world.repo, "data/passwd.csv")).rejects.toThrow(/passwd\.csv: is a symbolic link/);
  });

  it("status refuses a link that appeared after the add; push uploads only what add stored", async () => {
    world = await attackWorld();
    await mkdir(join(world.repo, "data"));
    await writeFile(join(world.repo, "data", "AAPL.csv"), "Date,Open\n");
    await addData(world.repo, "data");
    await symlink(join(world.outside, "passwd"), join(world.repo, "data", "passwd.csv"));
    await expect(dataStatus(world.repo)).rejects.toThrow(/data\/passwd\.csv: is a symbolic link/);
    const remote = new LocalRemote("shared", world.remoteDir);
    const pushed = await pushData(world.repo, remote);
    for (const md5 of pushed.transferred) expect(await readFile(join(world.remoteDir, objectKey(md5)), "utf8")).not.toContain("root:x");
    expect(pushed.transferred).toHaveLength(2);
  });

  it("add refuses a FIFO inside the tracked folder instead of hanging on it", async () => {
    world = await attackWorld();
    await mkdir(join(world.repo, "data"));
    mkfifo(join(world.repo, "data", "pipe.csv"));
    await expect(addData(world.repo, "data")).rejects.toThrow(/data\/pipe\.csv: is not a regular file or folder/);
  });
});
