import { BRANCHES_FILE } from "../config/read-branches-config.js";
import { teamConfigOf, type BranchesConfig, type TeamConfig } from "../config/branches-config.js";
import { ConfigError } from "../errors.js";

/** The trade action's team (own keys only) and broker override, checked against branches.json. */
export function tradeActionTeam(branches: BranchesConfig, team: string, broker: string | undefined): { config: TeamConfig; override?: "paper" | "alpaca" } {
  const config = teamConfigOf(branches, team);
  if (!config) throw new ConfigError(`team '${team}' is not defined; expected one of ${Object.keys(branches.teams).join(", ")}`, { file: BRANCHES_FILE, field: "teams" });
  if (!broker) return { config };
  if (broker !== "paper" && broker !== "alpaca") throw new ConfigError(`input broker must be paper or alpaca, got '${broker}'`, { field: "broker" });
  return { config, override: broker };
}
