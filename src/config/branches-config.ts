import { z } from "zod";
import { teamName } from "./model-config.js";
import { TICKER_PATTERN, TICKER_RULE } from "./ref-component.js";

export const strategySchema = z
  .strictObject({
    threshold: z.number().default(0).describe("Buy a stock only when its predicted next-day log return exceeds this."),
    max_weight: z.number().gt(0).max(1).default(0.5).describe("Largest share of equity one stock may take."),
    cash_reserve: z.number().min(0).lt(1).default(0.02).describe("Share of equity always kept in cash."),
    fractional: z.boolean().default(false).describe("Allow fractional shares; whole shares otherwise."),
    allow_short: z.boolean().default(false).describe("Allow short positions (off: long-only)."),
    fee_bps: z.number().min(0).default(0).describe("Fee per fill, basis points of its value."),
    fee_fixed: z.number().min(0).default(0).describe("Fixed fee per fill, in the team's currency."),
    tax_rate: z.number().min(0).lt(1).default(0).describe("Tax on realized gains at each sale (0 = ignored)."),
  })
  .describe("How a team turns predictions into orders.");

export const teamSchema = z
  .strictObject({
    budget: z.number().positive().default(15_000).describe("Starting cash of the paper portfolio."),
    currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as EUR").default("EUR").describe("Currency of the budget."),
    broker: z.enum(["paper", "alpaca"]).default("paper").describe("Where orders go: 'paper' (the ledger is the book) or 'alpaca' (Alpaca paper API)."),
    alpaca_live: z.boolean().default(false).describe("Use Alpaca's live endpoint; also needs the workflow's confirming input. Paper otherwise."),
    strategy: strategySchema.default(strategySchema.parse({})),
  })
  .describe("One team's paper portfolio.");

export const branchSchema = z
  .strictObject({
    team: teamName,
    symbol: z.string().regex(TICKER_PATTERN, TICKER_RULE).describe("Stock the branch models."),
  })
  .describe("A team × symbol model branch, named <team>/<SYMBOL>.");

export const monitorSchema = z
  .strictObject({
    window: z.number().int().min(20).max(2_000).default(250).describe("Recent trading days compared with the champion's train reference (data drift)."),
    psi_threshold: z.number().positive().default(0.2).describe("Population stability index at or above which a feature has drifted (0.1 = moderate, 0.2–0.25 = significant in credit-scoring practice)."),
    ks_threshold: z.number().gt(0).lt(1).default(0.1).describe("Smallest Kolmogorov–Smirnov distance that counts as drift, whatever the sample size."),
    ks_alpha: z.number().gt(0).lt(0.5).default(0.01).describe("Significance level of the two-sample KS test; the distance must also exceed its critical value for the window and train sizes."),
    decay_window: z.number().int().min(5).max(1_000).default(20).describe("Last N live predictions of the champion (from the trading ledger) whose realized error is measured."),
    decay_min_predictions: z.number().int().min(1).default(10).describe("Fewer scored live predictions than this: decay is not judged."),
    decay_ratio: z.number().gt(1).default(1.5).describe("Decay when (live MAPE / live naive MAPE) ÷ (test MAPE / test naive MAPE) reaches this: the model is this much worse against naive than when it was tested."),
    staleness_limit: z.number().int().min(1).default(21).describe("Trading days of new prices since the champion's data ended after which it is stale."),
  })
  .describe("Thresholds of the monitor run (drift, decay, staleness) that dispatches retraining.");

export const branchesConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path to the JSON Schema, for editors."),
    teams: z.record(teamName, teamSchema).describe("Teams by name."),
    branches: z.array(branchSchema).describe("Every model branch."),
    monitor: monitorSchema.default(monitorSchema.parse({})),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.branches.forEach((branch, index) => {
      const name = branchName(branch);
      if (!Object.hasOwn(config.teams, branch.team)) ctx.addIssue({ code: "custom", path: ["branches", index, "team"], message: `team '${branch.team}' is not defined under "teams"` });
      if (seen.has(name)) ctx.addIssue({ code: "custom", path: ["branches", index], message: `duplicate branch ${name}` });
      seen.add(name);
    });
  })
  .describe("branches.json on main: the teams and their team × symbol branches.");

export type BranchesConfig = z.output<typeof branchesConfigSchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type Strategy = z.output<typeof strategySchema>;
export type MonitorConfig = z.output<typeof monitorSchema>;
export type BranchRef = z.output<typeof branchSchema>;

export function branchName({ team, symbol }: BranchRef): string {
  return `${team}/${symbol}`;
}

/** A team's config by name; own keys only, so `constructor` or `toString` never reach Object.prototype. */
export function teamConfigOf(config: Pick<BranchesConfig, "teams">, team: string): TeamConfig | undefined {
  return Object.hasOwn(config.teams, team) ? config.teams[team] : undefined;
}
