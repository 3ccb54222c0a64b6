import { UsageError } from "../../../src/errors.js";
import { intendedTradingDate } from "../../../src/trading/market-calendar.js";

/**
 * The run's intended slot: the latest minute at or before `startedAt` that the schedule's cron (UTC) fires,
 * so a run GitHub starts late, even hours late, trades the same date as an on-time one. Fields may be
 * numbers, `*`, ranges `a-b` and lists `a,b`.
 */
export function intendedSlot(cron: string, startedAt: Date): Date {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new UsageError(`schedule '${cron}' is not a 5-field cron expression`, { field: "schedule" });
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((field, index) => cronField(field, index, cron)) as [CronField, CronField, CronField, CronField, CronField];
  const slot = new Date(Math.floor(startedAt.getTime() / 60_000) * 60_000);
  for (let step = 0; step <= 8 * 24 * 60; step += 1) {
    if (minute(slot.getUTCMinutes()) && hour(slot.getUTCHours()) && dayOfMonth(slot.getUTCDate()) && month(slot.getUTCMonth() + 1) && dayOfWeek(slot.getUTCDay())) return slot;
    slot.setTime(slot.getTime() - 60_000);
  }
  throw new UsageError(`schedule '${cron}' did not fire in the 8 days before ${startedAt.toISOString()}`, { field: "schedule" });
}

/** The trading date: explicit, else from the schedule's slot, else from the start time (a manual run). */
export function tradingDateFor(options: { date: string; schedule: string; startedAt: Date }): string {
  if (options.date) return options.date;
  return intendedTradingDate(options.schedule ? intendedSlot(options.schedule, options.startedAt) : options.startedAt);
}

type CronField = (value: number) => boolean;

function cronField(text: string, index: number, cron: string): CronField {
  if (text === "*") return () => true;
  const allowed = new Set<number>();
  for (const part of text.split(",")) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) throw new UsageError(`schedule '${cron}': field ${index + 1} ('${text}') uses syntax this action does not read (numbers, *, a-b, a,b)`, { field: "schedule" });
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    for (let value = low; value <= high; value += 1) allowed.add(index === 4 && value === 7 ? 0 : value);
  }
  return (value) => allowed.has(value);
}
