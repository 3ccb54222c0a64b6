// Every third-party action in .github/workflows pins a node24 release listed in ACTION-PINS.md
// (../shared/design/ACTION-PINS.md when present, else the committed copy in action-pins.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_PINS, pinsInActionPinsMarkdown, thirdPartyUses } from "./action-pins.js";
import { NEEDS_SHARED, hasSharedPrices } from "../support/real-prices.js";

const ROOT = join(import.meta.dirname, "..", "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");
const SHARED_PINS = join(ROOT, "..", "shared", "design", "ACTION-PINS.md");

const workflowNames = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name)).sort();

function violations(text: string): string[] {
  return thirdPartyUses(text).flatMap(({ line, action, ref, comment }) => {
    const pin = ACTION_PINS.find((candidate) => candidate.action === action.toLowerCase() && candidate.commit === ref);
    if (!pin) return [`line ${line}: ${action}@${ref} is not a commit listed in ACTION-PINS.md`];
    if (comment !== pin.tag) return [`line ${line}: ${action}@${ref} is ${pin.tag}, but the comment says '${comment}'`];
    return [];
  });
}

describe("third-party action pins", () => {
  it("finds the third-party uses: lines it checks", () => {
    const count = workflowNames.reduce((sum, name) => sum + thirdPartyUses(readFileSync(join(WORKFLOWS, name), "utf8")).length, 0);
    expect(count).toBeGreaterThan(20);
  });

  it.each(workflowNames)("%s pins every third-party action at a listed node24 commit with its version beside it", (name) => {
    expect(violations(readFileSync(join(WORKFLOWS, name), "utf8"))).toEqual([]);
  });

  it("refuses a node20 pin, a tag, and a wrong version comment", () => {
    const bad = [
      "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
      "      - uses: actions/setup-node@v7",
      "      - uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.4",
      "      - uses: ./actions/train",
    ].join("\n");
    expect(violations(bad)).toEqual([
      "line 1: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 is not a commit listed in ACTION-PINS.md",
      "line 2: actions/setup-node@v7 is not a commit listed in ACTION-PINS.md",
      "line 3: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae is v5.0.5, but the comment says 'v5.0.4'",
    ]);
  });

  it.runIf(hasSharedPrices && existsSync(SHARED_PINS))(`the committed table is exactly what ../shared/design/ACTION-PINS.md lists ${NEEDS_SHARED}`, () => {
    const listed = pinsInActionPinsMarkdown(readFileSync(SHARED_PINS, "utf8"));
    const key = (pin: { action: string; tag: string; commit: string }) => `${pin.action}@${pin.tag}=${pin.commit}`;
    expect(listed.map(key).sort()).toEqual(ACTION_PINS.map(key).sort());
  });
});
