import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  startOfNextZonedDay,
  startOfZonedDay,
  zonedDate,
  zonedTimeToInstant,
} from "../../src/index.js";

describe("zoned time", () => {
  it("finds the instant of a local time in Paris in winter and summer", () => {
    expect(zonedTimeToInstant({ year: 2026, month: 1, day: 15, hour: 9 }, "Europe/Paris").toISOString()).toBe(
      "2026-01-15T08:00:00.000Z",
    );
    expect(zonedTimeToInstant({ year: 2026, month: 7, day: 15, hour: 9 }, "Europe/Paris").toISOString()).toBe(
      "2026-07-15T07:00:00.000Z",
    );
  });

  it("shifts a local time skipped by the spring DST jump forward by the gap", () => {
    // 02:30 does not exist in Paris on 2026-03-29: the clocks jump from 02:00 to 03:00.
    expect(
      zonedTimeToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Paris").toISOString(),
    ).toBe("2026-03-29T01:30:00.000Z");
  });

  it("resolves the repeated autumn hour to its first occurrence", () => {
    expect(
      zonedTimeToInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Paris").toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
  });

  it("has 23- and 25-hour days on DST changes", () => {
    const spring = new Date("2026-03-29T12:00:00Z");
    expect(
      startOfNextZonedDay(spring, "Europe/Paris").getTime() - startOfZonedDay(spring, "Europe/Paris").getTime(),
    ).toBe(23 * 3600_000);
    const autumn = new Date("2026-10-25T12:00:00Z");
    expect(
      startOfNextZonedDay(autumn, "Europe/Paris").getTime() - startOfZonedDay(autumn, "Europe/Paris").getTime(),
    ).toBe(25 * 3600_000);
  });

  it("tells the account's calendar date, not UTC's", () => {
    expect(zonedDate(new Date("2026-11-21T23:30:00Z"), "Europe/Paris")).toEqual({ year: 2026, month: 11, day: 22 });
    expect(zonedDate(new Date("2026-11-22T03:30:00Z"), "America/New_York")).toEqual({ year: 2026, month: 11, day: 21 });
  });

  it("counts calendar days across month and year ends", () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(daysBetween({ year: 2026, month: 12, day: 31 }, { year: 2027, month: 1, day: 2 })).toBe(2);
  });
});
