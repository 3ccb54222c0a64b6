import { z } from "zod";
import { teamName } from "./model-config.js";

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
    symbol: z.string().regex(/^[A-Z][A-Z0-9.\-^]{0,14}$/, "expected an upper-case ticker").describe("Stock the branch models."),
  })
  .describe("A team × symbol model branch, named <team>/<SYMBOL>.");

export const branchesConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path to the JSON Schema, for editors."),
    teams: z.record(teamName, teamSchema).describe("Teams by name."),
    branches: z.array(branchSchema).describe("Every model branch."),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.branches.forEach((branch, index) => {
      const name = branchName(branch);
      if (!(branch.team in config.teams)) ctx.addIssue({ code: "custom", path: ["branches", index, "team"], message: `team '${branch.team}' is not defined under "teams"` });
      if (seen.has(name)) ctx.addIssue({ code: "custom", path: ["branches", index], message: `duplicate branch ${name}` });
      seen.add(name);
    });
  })
  .describe("branches.json on main: the teams and their team × symbol branches.");

export type BranchesConfig = z.output<typeof branchesConfigSchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type Strategy = z.output<typeof strategySchema>;
export type BranchRef = z.output<typeof branchSchema>;

export function branchName({ team, symbol }: BranchRef): string {
  return `${team}/${symbol}`;
}
