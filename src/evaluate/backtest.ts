import type { PriceBar } from "../data/price-series.js";
import { DataError } from "../errors.js";

export const TRADING_DAYS_PER_YEAR = 252;

export interface BacktestInput {
  /** Decision days t (the close the prediction is made at), ascending. */
  dates: readonly string[];
  /** Predicted log return per decision day. */
  predictions: ArrayLike<number>;
  /** The price bars the dates come from; their opens are the fill prices. */
  bars: readonly PriceBar[];
  /** Hold iff the predicted return is strictly above this. */
  threshold: number;
  /** Fee per fill in basis points of the traded value. */
  feeBps: number;
  /** Annual risk-free rate the Sharpe ratio subtracts (default 0). */
  riskFree?: number;
}

/** One holding day: the position decided at close t, filled at open t+1 and valued at open t+2. */
export interface BacktestDay {
  decisionDate: string;
  fillDate: string;
  exitDate: string;
  position: 0 | 1;
  /** Strategy return over the day, fees included. */
  return: number;
  /** Strategy equity at the exit open (1 before the first fill). */
  equity: number;
  /** Buy-and-hold equity at the exit open (1 before the first fill). */
  buyAndHold: number;
}

export interface EquityPoint {
  /** The open the equity is valued at. */
  date: string;
  equity: number;
  buyAndHold: number;
}

/**
 * Summary of a long/flat backtest, in the shape metrics.json stores.
 * - `trades`: fills (each buy and each sell is one trade, the unit fees are charged on).
 * - `round_trips`: entries; a position still open at the end counts, valued at the last open.
 * - `win_rate`: share of round trips whose return (fees included) is above 0; null with no round trip.
 * - `sharpe`: mean / sample standard deviation of daily returns × √252; null when returns do not vary.
 * - `sortino`: mean / downside deviation × √252, downside deviation = √(Σ min(r, 0)² / all days);
 *   null when no day lost money.
 */
export interface BacktestSummary {
  total_return: number;
  cagr: number;
  sharpe: number | null;
  sortino: number | null;
  max_drawdown: number;
  win_rate: number | null;
  exposure: number;
  trades: number;
  round_trips: number;
  days: number;
  buy_and_hold_return: number;
  /** The same two figures with dividends reinvested (growth × the change of Adj Close / Close); null without Adj Close. */
  total_return_with_dividends: number | null;
  buy_and_hold_return_with_dividends: number | null;
}

export interface BacktestResult {
  summary: BacktestSummary;
  /** Position decided at each input date (1 = hold), aligned to `dates`. */
  positions: Uint8Array;
  days: BacktestDay[];
  /** Equity at each valuation open: the first fill's open (1), then one point per holding day. */
  curve: EquityPoint[];
  /** Decisions whose holding day ends beyond the data (no open t+2 yet): decided, never filled or valued. */
  unfilled: string[];
}

/**
 * Long/flat rule: hold iff the prediction at close t exceeds the threshold; the order fills at the open of
 * t+1 and the position is held until the next decision's fill at the open of t+2. Equity starts at 1 and
 * compounds over holding days; a final open position is marked at the last open with no exit fee.
 * Buy-and-hold covers exactly the same holding days and pays the entry fee once.
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const { dates, predictions, bars, threshold } = input;
  if (predictions.length !== dates.length) {
    throw new DataError(`expected one prediction per decision date, got ${predictions.length} for ${dates.length} dates`, { field: "predictions" });
  }
  const fee = input.feeBps / 10_000;
  const indexOfDate = new Map(bars.map((bar, index) => [bar.date, index]));
  const positions = decidePositions(dates, predictions, threshold);
  const days: BacktestDay[] = [];
  const unfilled: string[] = [];
  let equity = 1;
  let buyAndHold = 1 - fee;
  const dividends = bars.every((bar) => bar.adjClose !== undefined && bar.adjClose > 0);
  let equityWithDividends = 1;
  let buyAndHoldWithDividends = 1 - fee;
  let held: 0 | 1 = 0;
  let trades = 0;
  const tripReturns: number[] = [];
  let tripGrowth = 1;
  for (const [i, decisionDate] of dates.entries()) {
    const index = indexOfDate.get(decisionDate);
    if (index === undefined) throw new DataError(`decision date ${decisionDate} is not among the price bars`, { field: "dates" });
    if (i > 0 && decisionDate <= dates[i - 1]!) throw new DataError(`decision dates must ascend; ${decisionDate} follows ${dates[i - 1]}`, { field: "dates" });
    const fill = bars[index + 1];
    const exit = bars[index + 2];
    if (!fill || !exit) {
      unfilled.push(decisionDate);
      continue;
    }
    const position = positions[i] as 0 | 1;
    const feeGrowth = position !== held ? 1 - fee : 1;
    if (position !== held) trades++;
    if (held === 1 && position === 0) {
      tripReturns.push(tripGrowth * feeGrowth - 1);
      tripGrowth = 1;
    }
    const priceGrowth = exit.open / fill.open;
    const growth = feeGrowth * (position === 1 ? priceGrowth : 1);
    if (position === 1) tripGrowth *= growth;
    equity *= growth;
    buyAndHold *= priceGrowth;
    if (dividends) {
      // Adj Close / Close only moves on ex-dividend days: the cash a holder received, reinvested
      const reinvested = priceGrowth * (exit.adjClose! / exit.close / (fill.adjClose! / fill.close));
      equityWithDividends *= feeGrowth * (position === 1 ? reinvested : 1);
      buyAndHoldWithDividends *= reinvested;
    }
    held = position;
    days.push({ decisionDate, fillDate: fill.date, exitDate: exit.date, position, return: growth - 1, equity, buyAndHold });
  }
  if (held === 1) tripReturns.push(tripGrowth - 1);
  const summary = {
    ...summarize(days, trades, tripReturns, dailyRate(input.riskFree ?? 0)),
    total_return_with_dividends: dividends ? equityWithDividends - 1 : null,
    buy_and_hold_return_with_dividends: dividends ? buyAndHoldWithDividends - 1 : null,
  };
  return { summary, positions, days, curve: equityCurve(days, fee), unfilled };
}

function decidePositions(dates: readonly string[], predictions: ArrayLike<number>, threshold: number): Uint8Array {
  const positions = new Uint8Array(predictions.length);
  for (let i = 0; i < predictions.length; i++) {
    const prediction = predictions[i]!;
    if (!Number.isFinite(prediction)) throw new DataError(`prediction for ${dates[i]} is ${prediction}; expected a finite log return`, { field: "predictions" });
    positions[i] = prediction > threshold ? 1 : 0;
  }
  return positions;
}

function equityCurve(days: readonly BacktestDay[], fee: number): EquityPoint[] {
  const first = days[0];
  if (!first) return [];
  // buy-and-hold pays its entry fee at the first open, so its first point is already below 1 when fees apply
  const start: EquityPoint = { date: first.fillDate, equity: 1, buyAndHold: 1 - fee };
  return [start, ...days.map((day) => ({ date: day.exitDate, equity: day.equity, buyAndHold: day.buyAndHold }))];
}

function summarize(days: readonly BacktestDay[], trades: number, tripReturns: readonly number[], dailyRiskFree: number): Omit<BacktestSummary, "total_return_with_dividends" | "buy_and_hold_return_with_dividends"> {
  const n = days.length;
  const returns = days.map((day) => day.return);
  const finalEquity = days.at(-1)?.equity ?? 1;
  const finalBuyAndHold = days.at(-1)?.buyAndHold ?? 1;
  const held = days.reduce((sum, day) => sum + day.position, 0);
  return {
    total_return: finalEquity - 1,
    cagr: n === 0 ? 0 : finalEquity ** (TRADING_DAYS_PER_YEAR / n) - 1,
    sharpe: sharpeRatio(returns, dailyRiskFree),
    sortino: sortinoRatio(returns),
    max_drawdown: maxDrawdown([1, ...days.map((day) => day.equity)]),
    win_rate: tripReturns.length === 0 ? null : tripReturns.filter((r) => r > 0).length / tripReturns.length,
    exposure: n === 0 ? 0 : held / n,
    trades,
    round_trips: tripReturns.length,
    days: n,
    buy_and_hold_return: finalBuyAndHold - 1,
  };
}

/** Daily rate that compounds to the annual rate over 252 trading days. */
export function dailyRate(annual: number): number {
  return (1 + annual) ** (1 / TRADING_DAYS_PER_YEAR) - 1;
}

/** Annualized Sharpe ratio of daily returns over a daily risk-free rate (default 0), sample standard deviation (n − 1). */
export function sharpeRatio(returns: ArrayLike<number>, dailyRiskFree = 0): number | null {
  const n = returns.length;
  if (n < 2) return null;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += returns[t]!;
  const mean = sum / n;
  let squares = 0;
  for (let t = 0; t < n; t++) squares += (returns[t]! - mean) ** 2;
  const variance = squares / (n - 1);
  if (variance === 0) return null;
  return ((mean - dailyRiskFree) / Math.sqrt(variance)) * Math.sqrt(TRADING_DAYS_PER_YEAR);
}

/** Annualized Sortino ratio: downside deviation over all days, target 0. */
export function sortinoRatio(returns: readonly number[]): number | null {
  if (returns.length === 0) return null;
  const downside = Math.sqrt(returns.reduce((sum, r) => sum + Math.min(r, 0) ** 2, 0) / returns.length);
  if (downside === 0) return null;
  return (average(returns) / downside) * Math.sqrt(TRADING_DAYS_PER_YEAR);
}

/** Largest peak-to-trough fall of an equity curve, as a positive fraction of the peak. */
export function maxDrawdown(equity: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const value of equity) {
    peak = Math.max(peak, value);
    worst = Math.max(worst, 1 - value / peak);
  }
  return worst;
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
