// The node24 releases that workflows may pin, copied from ../shared/design/ACTION-PINS.md ("Pinned
// third-party actions: node24 releases and their commits"), where each commit was checked as
// `git rev-parse 'refs/tags/<tag>^{commit}'` in a copy of the action's repository. Kept here so the pin test
// also runs where ../shared is absent; when it is present, the test checks this table against it.

export interface ActionPin {
  action: string;
  tag: string;
  commit: string;
}

export const ACTION_PINS: readonly ActionPin[] = [
  { action: "actions/checkout", tag: "v7.0.1", commit: "3d3c42e5aac5ba805825da76410c181273ba90b1" },
  { action: "actions/setup-node", tag: "v7.0.0", commit: "820762786026740c76f36085b0efc47a31fe5020" },
  { action: "actions/cache", tag: "v5.0.5", commit: "27d5ce7f107fe9357f9df03efb73ab90386fccae" },
  { action: "actions/upload-artifact", tag: "v7.0.0", commit: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f" },
  { action: "actions/download-artifact", tag: "v8.0.1", commit: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c" },
  { action: "actions/deploy-pages", tag: "v5.0.0", commit: "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128" },
  { action: "actions/upload-pages-artifact", tag: "v5.0.0", commit: "fc324d3547104276b827a68afc52ff2a11cc49c9" },
  // The older node24 majors the same file lists as fallbacks.
  { action: "actions/checkout", tag: "v6.0.3", commit: "df4cb1c069e1874edd31b4311f1884172cec0e10" },
  { action: "actions/setup-node", tag: "v6.5.0", commit: "249970729cb0ef3589644e2896645e5dc5ba9c38" },
  { action: "actions/cache", tag: "v5.0.4", commit: "668228422ae6a00e4ad889ee87cd7109ec5666a7" },
  { action: "actions/upload-artifact", tag: "v6.0.0", commit: "b7c566a772e6b6bfb58ed0dc250532a479d7789f" },
  { action: "actions/download-artifact", tag: "v7.0.0", commit: "37930b1c2abaa49bbe596cd826c3c89aef350131" },
];

/** Every `(action, tag, commit)` that ACTION-PINS.md's text names: the table rows and the fallback list. */
export function pinsInActionPinsMarkdown(text: string): ActionPin[] {
  const pins: ActionPin[] = [];
  for (const match of text.matchAll(/^\|\s*(actions\/[\w-]+)\s*\|\s*(v\d+\.\d+\.\d+)\s*\|\s*`([0-9a-f]{40})`/gm)) {
    pins.push({ action: match[1]!, tag: match[2]!, commit: match[3]! });
  }
  const fallbacks = text.slice(text.indexOf("Older node24 majors"));
  for (const match of fallbacks.matchAll(/(checkout|setup-node|cache|upload-artifact|download-artifact)\s+(v\d+\.\d+\.\d+)\s+`([0-9a-f]{40})`/g)) {
    pins.push({ action: `actions/${match[1]!}`, tag: match[2]!, commit: match[3]! });
  }
  return pins;
}

/** Each third-party `uses:` line of a workflow: the action, the pinned ref and the `# vX.Y.Z` comment. */
export function thirdPartyUses(text: string): { line: number; action: string; ref: string; comment: string }[] {
  return text.split("\n").flatMap((line, index) => {
    const match = /^\s*-?\s*uses:\s*([^@\s]+)@(\S+)\s*(?:#\s*(\S+))?/.exec(line);
    if (!match || match[1]!.startsWith("./") || match[1]!.startsWith("docker:")) return [];
    return [{ line: index + 1, action: match[1]!, ref: match[2]!, comment: match[3] ?? "" }];
  });
}
