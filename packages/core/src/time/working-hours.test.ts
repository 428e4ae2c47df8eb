import { describe, expect, it } from "vitest";
import { isWithinWorkingHours, nextWorkingHoursOpening, workingWindowAt, workingWindowOn } from "./working-hours.js";

const PARIS = "Europe/Paris";
const everyDay = { start: "07:00", end: "19:00", days: [1, 2, 3, 4, 5, 6, 7] };
const weekdays = { ...everyDay, days: [1, 2, 3, 4, 5] };
const at = (iso: string) => new Date(iso);

describe("working hours", () => {
  it("opens at the start minute and closes at the end minute, in the account's zone", () => {
    // 2026-01-14 is a Wednesday; Paris is UTC+1 in winter.
    expect(isWithinWorkingHours(at("2026-01-14T05:59:59Z"), everyDay, PARIS)).toBe(false);
    expect(isWithinWorkingHours(at("2026-01-14T06:00:00Z"), everyDay, PARIS)).toBe(true);
    expect(isWithinWorkingHours(at("2026-01-14T17:59:59Z"), everyDay, PARIS)).toBe(true);
    expect(isWithinWorkingHours(at("2026-01-14T18:00:00Z"), everyDay, PARIS)).toBe(false);
  });

  it("uses the account's calendar day, not UTC's", () => {
    // 23:30 UTC on Wednesday is 08:30 on Thursday in Tokyo.
    const thursdayMorningInTokyo = at("2026-01-14T23:30:00Z");
    expect(isWithinWorkingHours(thursdayMorningInTokyo, everyDay, "Asia/Tokyo")).toBe(true);
    expect(isWithinWorkingHours(thursdayMorningInTokyo, { ...everyDay, days: [3] }, "Asia/Tokyo")).toBe(false);
    expect(isWithinWorkingHours(thursdayMorningInTokyo, everyDay, PARIS)).toBe(false);
  });

  it("gives the instant itself as the next opening when already open", () => {
    const inside = at("2026-01-14T10:00:00Z");
    expect(nextWorkingHoursOpening(inside, everyDay, PARIS)).toEqual(inside);
  });

  it("opens later the same day before the start, and tomorrow after the end", () => {
    expect(nextWorkingHoursOpening(at("2026-01-14T03:00:00Z"), everyDay, PARIS)).toEqual(at("2026-01-14T06:00:00Z"));
    expect(nextWorkingHoursOpening(at("2026-01-14T18:30:00Z"), everyDay, PARIS)).toEqual(at("2026-01-15T06:00:00Z"));
  });

  it("skips days that are not working days", () => {
    // Saturday 2026-01-17 → Monday 2026-01-19 07:00 Paris.
    expect(isWithinWorkingHours(at("2026-01-17T10:00:00Z"), weekdays, PARIS)).toBe(false);
    expect(nextWorkingHoursOpening(at("2026-01-17T10:00:00Z"), weekdays, PARIS)).toEqual(at("2026-01-19T06:00:00Z"));
    // Friday after closing → Monday.
    expect(nextWorkingHoursOpening(at("2026-01-16T18:00:00Z"), weekdays, PARIS)).toEqual(at("2026-01-19T06:00:00Z"));
  });

  it("follows the wall clock across the spring DST change", () => {
    // 2026-03-29: Paris jumps from 02:00 to 03:00 (UTC+1 → UTC+2). 07:00 is now 05:00 UTC.
    expect(workingWindowOn({ year: 2026, month: 3, day: 29 }, everyDay, PARIS)).toEqual({
      opens: at("2026-03-29T05:00:00Z"),
      closes: at("2026-03-29T17:00:00Z"),
    });
    expect(nextWorkingHoursOpening(at("2026-03-28T19:00:00Z"), everyDay, PARIS)).toEqual(at("2026-03-29T05:00:00Z"));
  });

  it("shifts a start time that does not exist that day forward by the gap", () => {
    // 02:30 does not exist on 2026-03-29 in Paris; like Temporal's "compatible" rule it reads as
    // 03:30 CEST = 01:30 UTC, so the window still opens after the jump, never before it.
    const night = { start: "02:30", end: "04:00", days: [1, 2, 3, 4, 5, 6, 7] };
    const window = workingWindowOn({ year: 2026, month: 3, day: 29 }, night, PARIS);
    expect(window).toEqual({ opens: at("2026-03-29T01:30:00Z"), closes: at("2026-03-29T02:00:00Z") });
    expect(isWithinWorkingHours(at("2026-03-29T01:29:59Z"), night, PARIS)).toBe(false);
    expect(isWithinWorkingHours(at("2026-03-29T01:30:00Z"), night, PARIS)).toBe(true);
  });

  it("makes an autumn DST day's window one hour longer in real time", () => {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET. 01:00–19:00 wall time is 19 h of real time.
    const long = { start: "01:00", end: "19:00", days: [1, 2, 3, 4, 5, 6, 7] };
    const window = workingWindowOn({ year: 2026, month: 10, day: 25 }, long, PARIS)!;
    expect(window.opens).toEqual(at("2026-10-24T23:00:00Z"));
    expect(window.closes).toEqual(at("2026-10-25T18:00:00Z"));
    expect(window.closes.getTime() - window.opens.getTime()).toBe(19 * 3_600_000);
    expect(workingWindowAt(at("2026-10-25T17:59:59Z"), long, PARIS)).toEqual(window);
  });
});
