import type { Reporter, TestModule } from "vitest/node";
import { NEEDS_SHARED, SHARED_PRICES_DIR, hasSharedPrices } from "./real-prices.js";

/** Closes `npm test` with the counts and how many tests were skipped for lack of ../shared, and why. */
export default class SharedPricesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, withoutShared: 0 };
    for (const module of testModules) {
      if (module.errors().length > 0) counts.failed++; // a file that failed outside its tests (a hook, an import)
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
        if (state === "skipped" && test.fullName.includes(NEEDS_SHARED)) counts.withoutShared++;
      }
    }
    const why = hasSharedPrices
      ? `(${SHARED_PRICES_DIR} is present)`
      : process.env.STOCKOPS_TEST_SHARED === "0"
        ? "(STOCKOPS_TEST_SHARED=0 hides it; they ran on the embedded prices instead where they could)"
        : `(${SHARED_PRICES_DIR} not found: these need 24 years and five tickers; put ../shared beside the checkout to run them)`;
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    process.stdout.write(`${counts.withoutShared} ${counts.withoutShared === 1 ? "test" : "tests"} skipped for lack of ../shared ${why}\n`);
  }
}
