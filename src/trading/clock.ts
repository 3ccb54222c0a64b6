/** The time a run started; only used to pick the intended trading date when none is given. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const time = new Date(iso);
  return { now: () => new Date(time) };
}
