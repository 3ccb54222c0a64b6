import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { makeTempDir } from "./temp-repo.js";

const execFileAsync = promisify(execFile);

/** Debian's openssh-server puts the daemon here; .ci/run installs it. */
export const SSHD = "/usr/sbin/sshd";

/** Why SSH tests cannot run here, or undefined when they can. */
export function sshUnavailableReason(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (Debian package openssh-server; .ci/run installs it)`;
  return undefined;
}

export interface SshServer {
  port: number;
  /** The login name the throwaway key is authorized for (whoever runs the tests). */
  user: string;
  /**
   * GIT_SSH_COMMAND that authenticates with the throwaway key and checks the host key against a
   * known_hosts file in the temp folder: nothing in ~/.ssh is read or written.
   */
  gitSshCommand: string;
  /** scp-like address of a path on the server, the form GitHub shows (`git@github.com:owner/repo.git`); the port comes from GIT_SSH_COMMAND. */
  scpUrl(path: string): string;
  /** `ssh://user@127.0.0.1:PORT/path` */
  sshUrl(path: string): string;
  stop(): Promise<void>;
}

/**
 * A real OpenSSH sshd on 127.0.0.1 on a free port, from a config, host key, client key and
 * authorized_keys all written in a temp folder; key authentication only. Stopped (and the folder
 * removed) by `stop()`.
 */
export async function startSshServer(): Promise<SshServer> {
  const dir = await makeTempDir("stockops-sshd-");
  const user = userInfo().username;
  await keygen(join(dir, "host_ed25519"));
  await keygen(join(dir, "client_ed25519"));
  await writeFile(join(dir, "authorized_keys"), await readFile(join(dir, "client_ed25519.pub")));
  if (process.getuid?.() === 0) await ensurePrivsepDir();
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    await writeFile(join(dir, "sshd_config"), sshdConfig(dir, port));
    const daemon = spawn(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
    const log: string[] = [];
    daemon.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    const listening = await waitForPort(port, daemon);
    if (!listening) {
      daemon.kill();
      if (attempt < 5 && /Bind to port|Address already in use/.test(log.join(""))) continue;
      await rm(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start on 127.0.0.1:${port}: ${log.join("").trim()}`);
    }
    const hostKey = (await readFile(join(dir, "host_ed25519.pub"), "utf8")).trim().split(/\s+/).slice(0, 2).join(" ");
    await writeFile(join(dir, "known_hosts"), `[127.0.0.1]:${port} ${hostKey}\n`);
    const gitSshCommand = [
      "ssh",
      "-F /dev/null",
      `-i ${join(dir, "client_ed25519")}`,
      "-o IdentitiesOnly=yes",
      "-o BatchMode=yes",
      "-o StrictHostKeyChecking=yes",
      `-o UserKnownHostsFile=${join(dir, "known_hosts")}`,
      "-o GlobalKnownHostsFile=/dev/null",
      `-p ${port}`,
    ].join(" ");
    return {
      port,
      user,
      gitSshCommand,
      scpUrl: (path) => `${user}@127.0.0.1:${path}`,
      sshUrl: (path) => `ssh://${user}@127.0.0.1:${port}${path}`,
      stop: async () => {
        await stopProcess(daemon);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}

function sshdConfig(dir: string, port: number): string {
  return [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${join(dir, "host_ed25519")}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    "UsePAM no",
    // The temp folder's modes are not what sshd demands of a home directory.
    "StrictModes no",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    "LogLevel ERROR",
    "",
  ].join("\n");
}

async function keygen(path: string): Promise<void> {
  await execFileAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "stockops-test", "-f", path]);
}

/** Run as root, sshd needs its privilege separation folder; Debian's /etc/init.d/ssh creates it the same way. */
async function ensurePrivsepDir(): Promise<void> {
  if (existsSync("/run/sshd")) return;
  await mkdir("/run/sshd", { recursive: true });
  await chmod("/run/sshd", 0o755);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitForPort(port: number, daemon: ChildProcess): Promise<boolean> {
  for (let tries = 0; tries < 100; tries += 1) {
    if (daemon.exitCode !== null) return false;
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        done(true);
      });
      socket.once("error", () => done(false));
    });
    if (open) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return false;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}
