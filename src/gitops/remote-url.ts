import { isAbsolute, resolve } from "node:path";

/**
 * How git reaches a remote, from the address alone, by the rules of git's "GIT URLS" (git-clone(1),
 * Documentation/urls.txt): `http(s)://` is smart HTTP; `ssh://`, `git+ssh://` and the scp-like
 * `[user@]host:path` (only when no slash comes before the first colon) are SSH; `file://` and every
 * other address without a scheme is a path on this machine; `git://`, `<helper>::<address>` and the
 * rest go to whatever git has for them.
 */
export type RemoteTransportKind = "http" | "ssh" | "local" | "other";

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const HELPER = /^[A-Za-z][A-Za-z0-9+.-]*::/;
/** A Windows drive (`C:\repo`, `C:/repo`) is a local path, as git's has_dos_drive_prefix decides. */
const DOS_DRIVE = /^[A-Za-z]:[\\/]/;

export function remoteTransportKind(url: string): RemoteTransportKind {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https") return "http";
  if (scheme === "ssh" || scheme === "git+ssh" || scheme === "ssh+git") return "ssh";
  if (scheme === "file") return "local";
  if (scheme !== undefined || HELPER.test(url)) return "other";
  if (DOS_DRIVE.test(url)) return "local";
  const colon = url.indexOf(":");
  if (colon > 0 && !url.slice(0, colon).includes("/")) return "ssh";
  return "local";
}

/** The address with any password or token in it replaced, fit for an error message. */
export function redactUrl(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@]*@/, "$1***@");
}

/** What to check when a remote cannot be reached, for the way it is reached. */
export function remoteAccessHint(url: string): string {
  switch (remoteTransportKind(url)) {
    case "http":
      return "check the origin URL and GITHUB_TOKEN";
    case "ssh":
      return "check the origin URL and that 'git ls-remote <url>' works from a shell (SSH key loaded in ssh-agent, host in known_hosts, GIT_SSH_COMMAND or core.sshCommand if you use one)";
    case "local":
      return "check the origin URL: the path (or file:// URL) must name an existing git repository on this machine";
    default:
      return "check the origin URL and that 'git ls-remote <url>' works from a shell";
  }
}

/** A relative local path given on the command line is relative to where the command was run, not to the clone git runs in. */
export function resolveRemoteAddress(url: string, cwd: string): string {
  return remoteTransportKind(url) === "local" && !/^file:/i.test(url) && !isAbsolute(url) ? resolve(cwd, url) : url;
}
