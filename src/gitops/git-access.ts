/** How a command reaches its clone's remote, from the command's environment. */
export interface GitAccess {
  /** The git command line's environment, for SSH and local remotes (GIT_SSH_COMMAND, SSH_AUTH_SOCK, HOME). */
  env: NodeJS.ProcessEnv;
  /** GITHUB_TOKEN, sent to http(s) remotes only. */
  token?: string;
}

/** `openGitRepo({ dir, ...gitAccessFromEnv(context.env) })`: the same access for every command. */
export function gitAccessFromEnv(env: NodeJS.ProcessEnv): GitAccess {
  const token = env.GITHUB_TOKEN || undefined;
  return { env, ...(token ? { token } : {}) };
}
