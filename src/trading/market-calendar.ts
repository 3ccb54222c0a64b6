import { TradingError } from "../errors.js";

/** NYSE closures that no holiday rule predicts (attacks, storms, national days of mourning). */
const SPECIAL_CLOSURES = new Set([
  "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14",
  "2004-06-11", // Ronald Reagan
  "2007-01-02", // Gerald Ford
  "2012-10-29", "2012-10-30", // Hurricane Sandy
  "2018-12-05", // George H. W. Bush
  "2025-01-09", // Jimmy Carter
]);

const DAY_MS = 86_400_000;
const holidayCache = new Map<number, Set<string>>();

export function isTradingDay(date: string): boolean {
  const day = parseDate(date);
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (SPECIAL_CLOSURES.has(date)) return false;
  return !holidaysOf(day.getUTCFullYear()).has(date);
}

/** Trading days d with from ≤ d ≤ to, ascending. */
export function tradingDaysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = parseDate(from).getTime(), end = parseDate(to).getTime(); time <= end; time += DAY_MS) {
    const date = formatDate(new Date(time));
    if (isTradingDay(date)) days.push(date);
  }
  return days;
}

export function nextTradingDay(date: string): string {
  return stepTradingDay(date, 1);
}

export function previousTradingDay(date: string): string {
  return stepTradingDay(date, -1);
}

/** The latest trading day whose close (16:00 New York) has passed at `now`: the day a scheduled run should trade. */
export function intendedTradingDate(now: Date): string {
  const newYork = newYorkParts(now);
  const today = newYork.date;
  if (isTradingDay(today) && newYork.minutes >= 16 * 60) return today;
  return previousTradingDay(today);
}

export function parseDate(date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!parsed || formatDate(parsed) !== date) {
    throw new TradingError(`expected a date YYYY-MM-DD, got "${date}"`, { field: "date" });
  }
  return parsed;
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function stepTradingDay(date: string, step: 1 | -1): string {
  let time = parseDate(date).getTime();
  do time += step * DAY_MS;
  while (!isTradingDay(formatDate(new Date(time))));
  return formatDate(new Date(time));
}

export function newYorkParts(now: Date): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(now).map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

function holidaysOf(year: number): Set<string> {
  let holidays = holidayCache.get(year);
  if (!holidays) {
    holidays = new Set(ruleHolidays(year));
    holidayCache.set(year, holidays);
  }
  return holidays;
}

function ruleHolidays(year: number): string[] {
  const days = [
    newYearsDay(year),
    nthWeekday(year, 0, 1, 3), // Martin Luther King Jr. Day: third Monday of January
    nthWeekday(year, 1, 1, 3), // Washington's Birthday: third Monday of February
    goodFriday(year),
    lastWeekday(year, 4, 1), // Memorial Day: last Monday of May
    observed(utc(year, 6, 4)),
    nthWeekday(year, 8, 1, 1), // Labor Day: first Monday of September
    nthWeekday(year, 10, 4, 4), // Thanksgiving: fourth Thursday of November
    observed(utc(year, 11, 25)),
  ];
  if (year >= 2022) days.push(observed(utc(year, 5, 19)));
  return days.filter((day): day is Date => day !== undefined && day.getUTCFullYear() === year).map(formatDate);
}

/** A Saturday New Year's Day is not observed at all: the Friday before is the last trading day of the year. */
function newYearsDay(year: number): Date | undefined {
  const day = utc(year, 0, 1);
  const weekday = day.getUTCDay();
  if (weekday === 6) return undefined;
  return weekday === 0 ? utc(year, 0, 2) : day;
}

function observed(day: Date): Date {
  const weekday = day.getUTCDay();
  if (weekday === 6) return new Date(day.getTime() - DAY_MS);
  if (weekday === 0) return new Date(day.getTime() + DAY_MS);
  return day;
}

function nthWeekday(year: number, month: number, weekday: number, nth: number): Date {
  const first = utc(year, month, 1);
  const offset = (weekday - first.getUTCDay() + 7) % 7;
  return utc(year, month, 1 + offset + (nth - 1) * 7);
}

function lastWeekday(year: number, month: number, weekday: number): Date {
  const last = utc(year, month + 1, 0);
  const offset = (last.getUTCDay() - weekday + 7) % 7;
  return utc(year, month, last.getUTCDate() - offset);
}

/** Anonymous Gregorian computus (Meeus/Jones/Butcher); Good Friday is two days before Easter Sunday. */
function goodFriday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month - 1, day - 2);
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}
