/** Names of the one-hot weekday features, Monday first. Weekend dates get all zeros. */
export const WEEKDAY_FEATURES = ["dow_mon", "dow_tue", "dow_wed", "dow_thu", "dow_fri"] as const;

const MONTH_OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

/**
 * Day of the week of an ISO date (YYYY-MM-DD): 0 = Sunday … 6 = Saturday. Sakamoto's rule, so that
 * thousands of rows need no Date objects and no time zone can shift a day.
 */
export function dayOfWeek(isoDate: string): number {
  const month = digits(isoDate, 5, 2);
  const day = digits(isoDate, 8, 2);
  const year = digits(isoDate, 0, 4) - (month < 3 ? 1 : 0);
  const weekday =
    (year + Math.floor(year / 4) - Math.floor(year / 100) + Math.floor(year / 400) + MONTH_OFFSETS[month - 1]! + day) % 7;
  if (!Number.isInteger(weekday)) throw new RangeError(`expected a date YYYY-MM-DD, got "${isoDate}"`);
  return weekday;
}

/** The number written by `count` ASCII digits at `start`; NaN if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}
