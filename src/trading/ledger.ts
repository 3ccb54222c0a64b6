import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { DataError } from "../errors.js";
import { toCents, type Fill, type Order, type Portfolio } from "./portfolio.js";

export interface Prediction {
  symbol: string;
  branch: string;
  /** Predicted log return from this close to the next. */
  predicted_return: number;
  model_version: string;
  /** Last price date the model's training saw, targets included; never after the entry's date. */
  trained_through: string;
}

export interface SkippedStock {
  symbol: string;
  branch: string;
  error: string;
}

/** One line of `ledger/<team>.jsonl`: everything that happened for the team on one trading date. */
export interface LedgerEntry {
  team: string;
  date: string;
  broker: string;
  currency: string;
  /** Orders decided on the previous trading day, filled at this day's open. */
  fills: Fill[];
  predictions: Prediction[];
  skipped: SkippedStock[];
  /** Decided after this close, filled at the next trading day's open. */
  orders: Order[];
  /** Close per symbol (or the last close before this date), used for the valuation. */
  prices: Record<string, number>;
  cash: number;
  positions: { symbol: string; qty: number; cost: number; price: number; value: number }[];
  equity: number;
}

export interface LedgerStore {
  /** The ledger's text ('' when the team has none yet). */
  read(team: string): Promise<string>;
  /** The current-state file as stored, or undefined when there is none; a run rewrites it when it lags the ledger. */
  readPortfolio?(team: string): Promise<string | undefined>;
  /** Replaces the ledger (one more line) and the current-state file together. */
  write(team: string, ledgerText: string, portfolioJson: string): Promise<void>;
}

export function ledgerPath(team: string): string {
  return `ledger/${team}.jsonl`;
}

export function portfolioPath(team: string): string {
  return `portfolio/${team}.json`;
}

/** A working tree of the `trading` branch (or any folder): `ledger/<team>.jsonl`, `portfolio/<team>.json`. */
export function directoryLedgerStore(dir: string): LedgerStore {
  return {
    async read(team) {
      try {
        return await readFile(join(dir, ledgerPath(team)), "utf8");
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return "";
        throw error;
      }
    },
    async readPortfolio(team) {
      return readFile(join(dir, portfolioPath(team)), "utf8").catch((error: { code?: string }) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
    },
    /**
     * Both files are written in full to temp files first; the ledger's rename is the one commit point (two
     * paths in two folders cannot move in one rename), and the portfolio, derived from the ledger's last
     * line, follows. A run killed between the two renames leaves a stale portfolio that the next run
     * rewrites (runTrading compares it with the ledger before anything else).
     */
    async write(team, ledgerText, portfolioJson) {
      const ledger = await stageFile(join(dir, ledgerPath(team)), ledgerText);
      const portfolio = await stageFile(join(dir, portfolioPath(team)), portfolioJson).catch(async (error: unknown) => {
        await ledger.abandon();
        throw error;
      });
      await ledger.commit();
      await portfolio.commit();
    },
  };
}

async function stageFile(path: string, data: string): Promise<{ commit(): Promise<void>; abandon(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temp, data);
  return { commit: () => rename(temp, path), abandon: () => rm(temp, { force: true }) };
}

/** Fixed key order and no wall-clock time, so the same day always serializes to the same bytes. */
export function serializeEntry(entry: LedgerEntry): string {
  return JSON.stringify({
    team: entry.team,
    date: entry.date,
    broker: entry.broker,
    currency: entry.currency,
    fills: entry.fills.map((f) => ({
      client_order_id: f.client_order_id, symbol: f.symbol, side: f.side, ordered_qty: f.ordered_qty, qty: f.qty, price: f.price,
      status: f.status, ...(f.reason ? { reason: f.reason } : {}), value_cents: f.value_cents, fee_cents: f.fee_cents, tax_cents: f.tax_cents,
    })),
    predictions: entry.predictions.map((p) => ({
      symbol: p.symbol, branch: p.branch, predicted_return: p.predicted_return, model_version: p.model_version, trained_through: p.trained_through,
    })),
    skipped: entry.skipped.map((s) => ({ symbol: s.symbol, branch: s.branch, error: s.error })),
    orders: entry.orders.map((o) => ({
      client_order_id: o.client_order_id, symbol: o.symbol, side: o.side, qty: o.qty, decided_on: o.decided_on, fill_date: o.fill_date,
      status: o.status, ...(o.reason ? { reason: o.reason } : {}),
    })),
    prices: Object.fromEntries(Object.keys(entry.prices).sort().map((symbol) => [symbol, entry.prices[symbol]])),
    cash: entry.cash,
    positions: entry.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, cost: p.cost, price: p.price, value: p.value })),
    equity: entry.equity,
  });
}

export function appendEntry(ledgerText: string, entry: LedgerEntry): string {
  return `${ledgerText}${serializeEntry(entry)}\n`;
}

export function renderPortfolioFile(entry: LedgerEntry): string {
  const state = {
    team: entry.team,
    as_of: entry.date,
    currency: entry.currency,
    cash: entry.cash,
    positions: entry.positions,
    equity: entry.equity,
    pending_orders: entry.orders.filter((o) => o.status === "accepted"),
  };
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** The book after an entry: what the next trading day starts from. */
export function portfolioAfter(entry: LedgerEntry): Portfolio {
  return {
    cash_cents: toCents(entry.cash),
    positions: entry.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, cost_cents: toCents(p.cost) })),
  };
}

const fillSchema = z.object({
  client_order_id: z.string(), symbol: z.string(), side: z.enum(["buy", "sell"]), ordered_qty: z.number(), qty: z.number(), price: z.number(),
  status: z.enum(["filled", "partially_filled", "rejected", "canceled", "expired"]), reason: z.string().optional(),
  value_cents: z.number().int(), fee_cents: z.number().int(), tax_cents: z.number().int(),
});
const orderSchema = z.object({
  client_order_id: z.string(), symbol: z.string(), side: z.enum(["buy", "sell"]), qty: z.number().positive(), decided_on: z.string(),
  fill_date: z.string(), status: z.enum(["accepted", "rejected"]), reason: z.string().optional(),
});
const entrySchema = z.object({
  team: z.string(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), broker: z.string(), currency: z.string(),
  fills: z.array(fillSchema),
  predictions: z.array(z.object({ symbol: z.string(), branch: z.string(), predicted_return: z.number(), model_version: z.string(), trained_through: z.string() })),
  skipped: z.array(z.object({ symbol: z.string(), branch: z.string(), error: z.string() })),
  orders: z.array(orderSchema),
  prices: z.record(z.string(), z.number()),
  cash: z.number(),
  positions: z.array(z.object({ symbol: z.string(), qty: z.number(), cost: z.number(), price: z.number(), value: z.number() })),
  equity: z.number(),
});

/**
 * Every entry of a ledger; dates must strictly increase. `check: "last"` validates only the final entry's
 * shape (the state a run continues from), so a daily run does not re-check a year of history each time.
 */
export function parseLedger(text: string, file: string, check: "all" | "last" = "all"): LedgerEntry[] {
  const lines = text.split("\n");
  const numbered = lines.map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() !== "");
  const entries: LedgerEntry[] = [];
  numbered.forEach(({ line, number }, index) => {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new DataError(`not valid JSON (${(error as Error).message}); expected one ledger entry per line`, { file, line: number });
    }
    const entry = check === "all" || index === numbered.length - 1 ? validEntry(raw, file, number) : (raw as LedgerEntry);
    const previous = entries.at(-1);
    if (typeof entry.date !== "string" || (previous && entry.date <= previous.date)) {
      throw new DataError(`date ${String(entry.date)} does not follow ${previous?.date}; the ledger is append-only in date order`, { file, line: number });
    }
    entries.push(entry);
  });
  return entries;
}

function validEntry(raw: unknown, file: string, line: number): LedgerEntry {
  const parsed = entrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError(`${issue.message}; expected a ledger entry`, { file, line, field: issue.path.join(".") });
  }
  return parsed.data as LedgerEntry;
}
