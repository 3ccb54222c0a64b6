/**
 * Why `text` cannot be one component of a git ref name (`refs/heads/<team>/<SYMBOL>`); undefined when it can.
 * The rules of `git check-ref-format` (git's refs.c, `check_refname_component`) for a single component.
 */
export function refComponentProblem(text: string): string | undefined {
  if (text === "") return "is empty";
  if (text.startsWith(".")) return "starts with '.'";
  if (text.endsWith(".")) return "ends with '.'";
  if (text.endsWith(".lock")) return "ends with '.lock'";
  if (text.includes("..")) return "contains '..'";
  if (text.includes("@{")) return "contains '@{'";
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\/]/.test(text)) return "contains a space, a control character or one of ~ ^ : ? * [ \\ /";
  return undefined;
}

/** The rule as messages state it. */
export const REF_COMPONENT_RULE = "a valid git ref component: no '..', no leading or trailing '.', no '.lock' ending, none of ~ ^ : ? * [ \\ / or spaces";

/** Upper-case ticker: letters and digits, single '.' or '-' between them (BRK.B, BF-B); so always a valid ref component. */
export const TICKER_MAX = 15;
export const TICKER_PATTERN = /^(?=.{1,15}$)[A-Z][A-Z0-9]*(?:[.-][A-Z0-9]+)*$/;
export const TICKER_RULE = `expected an upper-case ticker such as AAPL or BRK.B: up to ${TICKER_MAX} letters and digits, a single '.' or '-' only between them (a branch is named <team>/<SYMBOL>, so the symbol must be ${REF_COMPONENT_RULE})`;

/** Lower-case team name; always a valid ref component. */
export const TEAM_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const TEAM_RULE = `expected a lower-case team name such as red or blue: a letter, then up to 31 letters, digits or '-' (a branch is named <team>/<SYMBOL>, so the team must be ${REF_COMPONENT_RULE})`;

export function isTicker(text: string): boolean {
  return TICKER_PATTERN.test(text);
}
