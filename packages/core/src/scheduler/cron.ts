import { Cron } from "croner";

/**
 * Cron expressions in an account's zone, through croner (a maintained parser with time-zone and
 * DST handling): standard 5 fields, Vixie's day-of-month OR day-of-week rule.
 */
function parse(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, paused: true, legacyMode: true });
}

export function isValidCron(expression: string): boolean {
  try {
    parse(expression, "UTC");
    return true;
  } catch {
    return false;
  }
}

/** The latest fire times at or before `at`, newest first (at most `count`). */
export function previousFires(expression: string, timeZone: string, at: Date, count: number): Date[] {
  // croner's previousRuns excludes `at` itself; a fire exactly now is due now.
  return parse(expression, timeZone).previousRuns(count, new Date(at.getTime() + 1));
}

/** The next fire times strictly after `at`. */
export function nextFires(expression: string, timeZone: string, at: Date, count: number): Date[] {
  return parse(expression, timeZone).nextRuns(count, at);
}
