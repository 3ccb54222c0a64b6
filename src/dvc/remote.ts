import type { RemoteSpec } from "./dvc-config.js";

/** A DVC remote: objects stored under `files/md5/<2>/<30>[.dir]`, the same layout as the cache. */
export interface Remote {
  /** For messages: "local remote 'x' (/path)" or "s3 remote 'x' (s3://bucket/prefix)". */
  readonly description: string;
  has(md5: string): Promise<boolean>;
  /** The stored bytes, or undefined when the object is absent. Not checked: callers verify. */
  get(md5: string): Promise<Buffer | undefined>;
  put(md5: string, bytes: Uint8Array): Promise<void>;
}

export async function openRemote(spec: RemoteSpec, env: NodeJS.ProcessEnv): Promise<Remote> {
  if (spec.kind === "local") {
    const { LocalRemote } = await import("./local-remote.js");
    return new LocalRemote(spec.name, spec.path);
  }
  const { S3Remote } = await import("./s3-remote.js");
  return S3Remote.fromSpec(spec, env);
}
