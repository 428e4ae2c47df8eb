import { addDays, daysBetween, isLeapYear, zonedDate, type CalendarDate } from "../../time/zoned.js";

/**
 * What a birthday card's date line means, seen from "today" in the account's time zone.
 * `daysLate` 0 is a birthday today.
 */
export type BirthdayTiming =
  | { kind: "past"; daysLate: number; date: CalendarDate }
  | { kind: "upcoming"; daysUntil: number; date: CalendarDate }
  | { kind: "unknown" };

export interface BirthdayDateContext {
  /** The instant the card is read; "today" is its calendar date in `timeZone`. */
  today: Date;
  /** IANA zone of the account (not the server's, not UTC). */
  timeZone: string;
  /** The page's language; both tables are tried, this one first. */
  locale?: string;
}

// Month names after lower-casing and stripping accents ("févr." → "fevr", "août" → "aout").
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: [number, string[]][] = [
  [1, ["january", "jan", "janvier", "janv"]],
  [2, ["february", "feb", "fevrier", "fevr", "fev"]],
  [3, ["march", "mar", "mars"]],
  [4, ["april", "apr", "avril", "avr"]],
  [5, ["may", "mai"]],
  [6, ["june", "jun", "juin"]],
  [7, ["july", "jul", "juillet", "juil"]],
  [8, ["august", "aug", "aout", "aou"]],
  [9, ["september", "sept", "sep", "septembre"]],
  [10, ["october", "oct", "octobre"]],
  [11, ["november", "nov", "novembre"]],
  [12, ["december", "dec", "decembre"]],
];
for (const [month, names] of MONTH_NAMES) for (const name of names) MONTHS[name] = month;

const RELATIVE_PAST: Array<[RegExp, number]> = [
  // "avant-hier" first: it contains "hier".
  [/(^|[^a-z])avant[- ]hier([^a-z]|$)/, 2],
  [/(^|[^a-z])(today|aujourd'hui)([^a-z]|$)/, 0],
  [/(^|[^a-z])(yesterday|hier)([^a-z]|$)/, 1],
];
const RELATIVE_FUTURE: Array<[RegExp, number]> = [
  [/(^|[^a-z])apres[- ]demain([^a-z]|$)/, 2],
  [/(^|[^a-z])(tomorrow|demain)([^a-z]|$)/, 1],
];
const UNIT_DAYS: Record<string, number> = {
  day: 1,
  days: 1,
  jour: 1,
  jours: 1,
  week: 7,
  weeks: 7,
  semaine: 7,
  semaines: 7,
};

/** Lower case, accents off, curly apostrophes straight, runs of spaces (incl. NBSP) collapsed. */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function relativeDays(folded: string): { past: number } | { future: number } | null {
  const counted = /(^|[^a-z0-9])(in |dans )?(\d{1,3}) ?(days?|jours?|weeks?|semaines?)( ago)?([^a-z]|$)/.exec(folded);
  if (counted) {
    const n = Number(counted[3]) * (UNIT_DAYS[counted[4] ?? ""] ?? 1);
    return counted[2] ? { future: n } : { past: n };
  }
  for (const [re, n] of RELATIVE_FUTURE) if (re.test(folded)) return { future: n };
  for (const [re, n] of RELATIVE_PAST) if (re.test(folded)) return { past: n };
  return null;
}

function explicitMonthDay(folded: string): { month: number; day: number } | null {
  // "24 octobre", "le 1er mars", "24 oct.", "24 de octubre"-style spacing
  for (const m of folded.matchAll(/(^|[^a-z0-9])(\d{1,2})(?:er|st|nd|rd|th)? (?:de )?([a-z]+)\.?/g)) {
    const month = MONTHS[m[3] ?? ""];
    if (month) return { month, day: Number(m[2]) };
  }
  // "Oct 24", "October 24th", "oct. 24"
  for (const m of folded.matchAll(/(^|[^a-z])([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?!\d)/g)) {
    const month = MONTHS[m[2] ?? ""];
    if (month) return { month, day: Number(m[3]) };
  }
  return null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** This year's occurrence of a birthday: Feb 29 is celebrated on Feb 28 in non-leap years. */
export function birthdayInYear(month: number, day: number, year: number): CalendarDate {
  if (month === 2 && day === 29 && !isLeapYear(year)) return { year, month: 2, day: 28 };
  return { year, month, day };
}

/**
 * Turns the date line of a birthday card ("Today", "Yesterday", "3 days ago", "Oct 24",
 * "il y a 3 jours", "24 octobre", …) into days late, in the account's time zone.
 *
 * An explicit day and month means the nearest occurrence of that date: "Dec 31" seen on Jan 2 is
 * two days late (last year's), "Jan 2" seen on Dec 31 is upcoming. Feb 30 and friends are unknown.
 */
export function parseBirthdayDateText(text: string, context: BirthdayDateContext): BirthdayTiming {
  const today = zonedDate(context.today, context.timeZone);
  const folded = fold(text);
  if (folded.length === 0) return { kind: "unknown" };

  const relative = relativeDays(folded);
  if (relative) {
    if ("past" in relative) return { kind: "past", daysLate: relative.past, date: addDays(today, -relative.past) };
    return { kind: "upcoming", daysUntil: relative.future, date: addDays(today, relative.future) };
  }

  const explicit = explicitMonthDay(folded);
  if (!explicit || explicit.month < 1 || explicit.month > 12) return { kind: "unknown" };
  if (explicit.day < 1 || explicit.day > (DAYS_IN_MONTH[explicit.month - 1] ?? 0)) return { kind: "unknown" };

  let best: { date: CalendarDate; diff: number } | null = null;
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    const date = birthdayInYear(explicit.month, explicit.day, year);
    const diff = daysBetween(date, today); // > 0: in the past
    // Nearest occurrence; on an exact tie (half a year away) prefer the past one.
    if (!best || Math.abs(diff) < Math.abs(best.diff) || (Math.abs(diff) === Math.abs(best.diff) && diff > 0))
      best = { date, diff };
  }
  if (!best) return { kind: "unknown" };
  if (best.diff >= 0) return { kind: "past", daysLate: best.diff, date: best.date };
  return { kind: "upcoming", daysUntil: -best.diff, date: best.date };
}
