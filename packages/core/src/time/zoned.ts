/**
 * Wall-clock arithmetic in an IANA time zone with nothing but `Intl`. Every "today", "this day's
 * quota" and "days late" in Nudge is computed in the account's zone, never in UTC or the server's.
 */

export interface ZonedParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** A calendar date without a time or zone. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** True when `timeZone` is an IANA name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? "Sun"] ?? 0,
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (Paris in winter: +3 600 000). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. A local time
 * skipped by a DST jump is shifted forward by the length of the gap (02:30 on a spring-forward
 * night in Paris becomes 03:30), as `Temporal` does with `disambiguation: "compatible"`; an
 * ambiguous one (the repeated hour in autumn) resolves to the earlier instant.
 */
export function zonedTimeToInstant(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const wallAsUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour ?? 0,
    local.minute ?? 0,
    local.second ?? 0,
  );
  // Two passes converge for every real zone: guess with the offset at the wall time read as UTC,
  // then correct with the offset at the guess.
  const candidates = new Set<number>();
  for (const probe of [wallAsUtc - 36e5 * 14, wallAsUtc, wallAsUtc + 36e5 * 14]) {
    const offset = zoneOffsetMs(new Date(probe), timeZone);
    candidates.add(wallAsUtc - offset);
  }
  const exact = [...candidates].filter((t) => {
    const p = zonedParts(new Date(t), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) === wallAsUtc;
  });
  if (exact.length > 0) return new Date(Math.min(...exact));
  // In a DST gap: the wall time does not exist; move forward to the first instant after the gap.
  const before = wallAsUtc - zoneOffsetMs(new Date(wallAsUtc - 36e5 * 3), timeZone);
  return new Date(before);
}

/** The calendar date the account sees at `instant`. */
export function zonedDate(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = zonedParts(instant, timeZone);
  return { year, month, day };
}

/** Midnight (start of the day) in `timeZone` of the day containing `instant`. */
export function startOfZonedDay(instant: Date, timeZone: string): Date {
  return zonedTimeToInstant({ ...zonedDate(instant, timeZone), hour: 0 }, timeZone);
}

/** Midnight in `timeZone` of the day after the one containing `instant` (23, 24 or 25 h later). */
export function startOfNextZonedDay(instant: Date, timeZone: string): Date {
  const next = addDays(zonedDate(instant, timeZone), 1);
  return zonedTimeToInstant({ ...next, hour: 0 }, timeZone);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole days from `a` to `b` (b − a), counting calendar days, not 24 h periods. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}
