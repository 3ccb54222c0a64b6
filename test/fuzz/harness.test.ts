// The harness itself: an untyped exception fails the run (so "0 uncaught" in the figures means something).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { fuzz } from "./harness.js";

describe("fuzz harness", () => {
  it("counts typed errors as handled and fails on the first untyped one", async () => {
    const typed = await fuzz("self-test (typed)", fc.nat(), (n) => {
      if (n % 2) throw new DataError("odd");
    }, { runs: 200, budgetMs: 2000 });
    expect(typed.cases).toBe(200);
    expect(typed.typedErrors + typed.ok).toBe(200);
    await expect(
      fuzz("self-test (untyped)", fc.nat(), (n) => {
        if (n > 10) throw new TypeError("boom");
      }, { runs: 200, budgetMs: 2000 }),
    ).rejects.toThrow(/Property failed/);
  });
});
