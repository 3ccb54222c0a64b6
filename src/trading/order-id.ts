import { createHash } from "node:crypto";
import type { Side } from "./portfolio.js";

/** Same (team, date, symbol, side) → same id, so a retried or repeated submit can never place a second order. */
export function clientOrderId(team: string, date: string, symbol: string, side: Side): string {
  const digest = createHash("sha256").update(`${team}|${date}|${symbol}|${side}`).digest("hex");
  return `so-${digest.slice(0, 20)}`;
}
