import { describe, expect, it } from "vitest";
import { strategySchema } from "../../src/config/branches-config.js";
import { applyFills, fillCosts } from "../../src/trading/apply-fills.js";
import { simulateFills } from "../../src/trading/brokers/paper-broker.js";
import { clientOrderId } from "../../src/trading/order-id.js";
import { planOrders, targetWeights } from "../../src/trading/plan-orders.js";
import type { Portfolio } from "../../src/trading/portfolio.js";

const strategy = (overrides: Record<string, unknown> = {}) => strategySchema.parse({ cash_reserve: 0, max_weight: 1, ...overrides });
const empty = (cash: number): Portfolio => ({ cash_cents: cash * 100, positions: [] });
const plan = (portfolio: Portfolio, predictions: Record<string, number>, closes: Record<string, number>, s = strategy()) =>
  planOrders({ team: "red", date: "2024-01-02", fillDate: "2024-01-03", portfolio, predictions: new Map(Object.entries(predictions)), closes: new Map(Object.entries(closes)), strategy: s });

describe("planOrders (pure)", () => {
  it("weights the stocks above the threshold by their prediction, whole shares, rounded down", () => {
    // Predictions 0.03 and 0.01 → weights 3/4 and 1/4 of 10,000 → 7,500 / 100 = 75 A, 2,500 / 30 = 83.3 → 83 B.
    const orders = plan(empty(10_000), { A: 0.03, B: 0.01, C: -0.02 }, { A: 100, B: 30, C: 10 });
    expect(orders.map((o) => [o.symbol, o.side, o.qty])).toEqual([["A", "buy", 75], ["B", "buy", 83]]);
    expect(orders[0]!.client_order_id).toBe(clientOrderId("red", "2024-01-02", "A", "buy"));
    expect(orders[0]!.fill_date).toBe("2024-01-03");
  });

  it("caps each stock at max_weight and keeps the cash reserve", () => {
    // Reserve 10 % → 9,000 investable; A alone would get all of it, capped at 40 % = 4,000 → 40 shares.
    const orders = plan(empty(10_000), { A: 0.05 }, { A: 100 }, strategy({ max_weight: 0.4, cash_reserve: 0.1 }));
    expect(orders.map((o) => o.qty)).toEqual([40]);
    expect(targetWeights(new Map([["A", 0.02], ["B", 0.02]]), strategy({ cash_reserve: 0.1, max_weight: 1 }))).toEqual(new Map([["A", 0.45], ["B", 0.45]]));
  });

  it("sells what no longer qualifies, holds what has no prediction, buys fractional shares when allowed", () => {
    const held: Portfolio = { cash_cents: 0, positions: [{ symbol: "A", qty: 10, cost_cents: 100_000 }, { symbol: "Z", qty: 5, cost_cents: 500 }] };
    const orders = plan(held, { A: -0.01, B: 0.02 }, { A: 100, B: 300, Z: 1 }, strategy({ fractional: true }));
    // Equity 1,005 → all into B: 1,005 / 300 = 3.35 shares; A sold; Z has no prediction and is left alone.
    expect(orders.map((o) => [o.symbol, o.side, o.qty])).toEqual([["A", "sell", 10], ["B", "buy", 3.35]]);
  });

  it("goes short only when allowed", () => {
    expect(plan(empty(10_000), { A: -0.02 }, { A: 100 })).toEqual([]);
    const orders = plan(empty(10_000), { A: -0.02, B: 0.02 }, { A: 100, B: 100 }, strategy({ allow_short: true, max_weight: 0.5 }));
    expect(orders.map((o) => [o.symbol, o.side, o.qty])).toEqual([["A", "sell", 50], ["B", "buy", 50]]);
  });
});

describe("fills, fees and taxes in cents", () => {
  it("charges bps and fixed fees and taxes realized gains only", () => {
    const s = strategy({ fee_bps: 10, fee_fixed: 1, tax_rate: 0.25 });
    const bought = applyFills(empty(1_000), [{ client_order_id: "x", symbol: "A", side: "buy", ordered_qty: 5, qty: 5, price: 100, status: "filled", ...fillCosts(empty(1_000), "A", "buy", 5, 100, s) }]);
    // 500.00 + 0.50 bps fee + 1.00 fixed
    expect(bought).toEqual({ cash_cents: 49_850, positions: [{ symbol: "A", qty: 5, cost_cents: 50_150 }] });
    const costs = fillCosts(bought, "A", "sell", 5, 120, s);
    // proceeds 600.00 − fee 1.60 − cost 501.50 = gain 96.90 → tax 24.23 (rounded)
    expect(costs).toEqual({ value_cents: 60_000, fee_cents: 160, tax_cents: 2_423 });
    const sold = applyFills(bought, [{ client_order_id: "y", symbol: "A", side: "sell", ordered_qty: 5, qty: 5, price: 120, status: "filled", ...costs }]);
    expect(sold).toEqual({ cash_cents: 49_850 + 60_000 - 160 - 2_423, positions: [] });
  });

  it("the paper broker sells first and cuts a buy to the cash there is", () => {
    const portfolio: Portfolio = { cash_cents: 10_000, positions: [{ symbol: "A", qty: 2, cost_cents: 20_000 }] };
    const orders = [
      { client_order_id: "b", symbol: "B", side: "buy" as const, qty: 10, decided_on: "2024-01-02", fill_date: "2024-01-03", status: "accepted" as const },
      { client_order_id: "a", symbol: "A", side: "sell" as const, qty: 2, decided_on: "2024-01-02", fill_date: "2024-01-03", status: "accepted" as const },
      { client_order_id: "c", symbol: "C", side: "buy" as const, qty: 1, decided_on: "2024-01-02", fill_date: "2024-01-03", status: "accepted" as const },
    ];
    const fills = simulateFills(orders, { date: "2024-01-03", opens: new Map([["A", 50], ["B", 30]]), portfolio, strategy: strategy() });
    // Cash 100 + sale 2 × 50 = 200 → 6 of the 10 B at 30; C has no open price that day.
    expect(fills.map((f) => [f.client_order_id, f.status, f.qty])).toEqual([["b", "partially_filled", 6], ["a", "filled", 2], ["c", "expired", 0]]);
    expect(applyFills(portfolio, [fills[1]!, fills[0]!]).cash_cents).toBe(2_000);
  });
});
