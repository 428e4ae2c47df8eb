import { zonedTimeToInstant } from "../time/zoned.js";

/**
 * The original bot wrote ISO-8601 text, sometimes with an offset (UTC-aware values) and sometimes
 * without one (naive values: the wall clock of the machine it ran on). A naive value is read in
 * `sourceZone`, the zone the original ran in; a value with an offset is an exact instant.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The instant a stored timestamp names, or null when it is not one (`"yesterday"`, an impossible date). */
export function parseSourceInstant(value: unknown, sourceZone: string): Date | null {
  if (typeof value !== "string") return null;
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null; // Feb 30
  const offset = m[8];
  if (offset !== undefined) {
    if (offset.toUpperCase() === "Z") return new Date(wall);
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
    return new Date(wall - sign * minutes * 60_000);
  }
  const local = zonedTimeToInstant({ year, month, day, hour, minute, second }, sourceZone);
  return new Date(local.getTime() + ms);
}
