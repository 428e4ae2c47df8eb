import { addDays, zonedDate, zonedTimeToInstant, type CalendarDate } from "./zoned.js";

/**
 * Working hours gate scheduling and every single action (DESIGN §3). They are wall-clock times
 * in the account's zone, so a window is recomputed for each calendar day: on a DST change day
 * "07:00–19:00" may last 11 or 13 hours of real time, and a start that falls in the spring-forward
 * gap is shifted forward by the gap (02:30 → 03:30, as `zonedTimeToInstant` resolves it). The
 * start of the account's day is `startOfZonedDay`.
 */
export interface WorkingHours {
  /** "HH:MM", 24 h, inclusive. */
  start: string;
  /** "HH:MM", 24 h, exclusive; after `start`. "24:00" is the end of the day (all day: 00:00–24:00). */
  end: string;
  /** ISO weekdays 1 (Monday) … 7 (Sunday). */
  days: readonly number[];
}

export interface WorkingWindow {
  opens: Date;
  closes: Date;
}

function parseHhmm(value: string): { hour: number; minute: number } {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`expected HH:MM, got ${JSON.stringify(value)}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: CalendarDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The working window of one calendar day in `timeZone`, or null when that weekday is off. */
export function workingWindowOn(date: CalendarDate, hours: WorkingHours, timeZone: string): WorkingWindow | null {
  if (!hours.days.includes(isoWeekday(date))) return null;
  const opens = zonedTimeToInstant({ ...date, ...parseHhmm(hours.start) }, timeZone);
  const closes =
    hours.end === "24:00"
      ? zonedTimeToInstant({ ...addDays(date, 1), hour: 0, minute: 0 }, timeZone)
      : zonedTimeToInstant({ ...date, ...parseHhmm(hours.end) }, timeZone);
  return closes > opens ? { opens, closes } : null;
}

/** The window `instant` falls in (opens ≤ instant < closes), or null outside working hours. */
export function workingWindowAt(instant: Date, hours: WorkingHours, timeZone: string): WorkingWindow | null {
  const window = workingWindowOn(zonedDate(instant, timeZone), hours, timeZone);
  return window && window.opens <= instant && instant < window.closes ? window : null;
}

export function isWithinWorkingHours(instant: Date, hours: WorkingHours, timeZone: string): boolean {
  return workingWindowAt(instant, hours, timeZone) !== null;
}

/**
 * The first instant at or after `instant` inside working hours: `instant` itself when already
 * inside, else the next opening (later today, or on the next working weekday).
 */
export function nextWorkingHoursOpening(instant: Date, hours: WorkingHours, timeZone: string): Date {
  const today = zonedDate(instant, timeZone);
  // Eight days reach the same weekday next week, so any non-empty `days` list is covered.
  for (let offset = 0; offset <= 8; offset++) {
    const window = workingWindowOn(addDays(today, offset), hours, timeZone);
    if (!window || instant >= window.closes) continue;
    return instant >= window.opens ? instant : window.opens;
  }
  throw new RangeError("working hours never open (no working weekday)");
}
