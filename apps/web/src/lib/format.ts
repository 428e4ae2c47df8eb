/**
 * Dates in the account's time zone (that is where "today" and the quotas are), numbers and
 * dates in the browser's own locale. Formatters are costly to build, so they are cached.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string | undefined, style: "dateTime" | "date" | "time" | "day"): Intl.DateTimeFormat {
  const key = `${timeZone ?? ""}|${style}`;
  let format = cache.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === "dateTime"
        ? { dateStyle: "medium", timeStyle: "short" }
        : style === "date"
          ? { dateStyle: "medium" }
          : style === "time"
            ? { timeStyle: "short" }
            : { day: "numeric", month: "short" };
    format = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    cache.set(key, format);
  }
  return format;
}

export function formatDateTime(value: Date | null | undefined, timeZone?: string): string {
  return value ? dateFormat(timeZone, "dateTime").format(value) : "—";
}

export function formatDate(value: Date | null | undefined, timeZone?: string): string {
  return value ? dateFormat(timeZone, "date").format(value) : "—";
}

export function formatTime(value: Date | null | undefined, timeZone?: string): string {
  return value ? dateFormat(timeZone, "time").format(value) : "—";
}

/** A calendar day (`YYYY-MM-DD`, already in the account's zone) as "12 Mar". */
export function formatDay(isoDay: string): string {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  return dateFormat("UTC", "day").format(new Date(Date.UTC(y, m - 1, d)));
}

const numbers = new Intl.NumberFormat();
export function formatNumber(value: number): string {
  return numbers.format(value);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
/** "in 3 hours", "5 minutes ago". */
export function formatRelative(value: Date, now: Date = new Date()): string {
  const seconds = Math.round((value.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86_400), "day");
}

/** `birthday_message` → "birthday message"; a sentence is left as it is. */
export function humanize(code: string): string {
  return /^[\w:.-]+$/.test(code) ? code.replace(/[_:.]/g, " ") : code;
}
