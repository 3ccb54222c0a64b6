import type { TeamConfig } from "../../config/branches-config.js";
import { ConfigError } from "../../errors.js";
import type { Logger } from "../../logger/logger.js";
import { alpacaBrokerFromEnv } from "./alpaca-broker.js";
import type { Broker } from "./broker.js";
import { paperBroker } from "./paper-broker.js";

export interface BrokerChoice {
  team: TeamConfig;
  /** Overrides the team's broker (e.g. `paper` for a replay). */
  override?: "paper" | "alpaca";
  /** A replay or catch-up of past days: only the paper broker can fill those. */
  replay: boolean;
  confirmLive: boolean;
  env: NodeJS.ProcessEnv;
  mask: (secret: string) => void;
  logger: Logger;
}

export function selectBroker(choice: BrokerChoice): Broker {
  const kind = choice.override ?? choice.team.broker;
  if (kind === "paper") return paperBroker();
  if (choice.replay) {
    throw new ConfigError("a replay cannot place orders in the past at Alpaca; pass --broker paper to replay on the paper book", { field: "broker" });
  }
  return alpacaBrokerFromEnv(choice.env, choice.team, { confirmLive: choice.confirmLive, mask: choice.mask, logger: choice.logger });
}
