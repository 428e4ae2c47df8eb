import { describe, expect, it } from "vitest";
import { zonedTimeToInstant } from "../../time/zoned.js";
import { parseBirthdayDateText, type BirthdayTiming } from "./birthday-date.js";

const PARIS = "Europe/Paris";
const at = (iso: string, hour = 12, timeZone = PARIS) => {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  return zonedTimeToInstant({ year, month, day, hour }, timeZone);
};
const late = (n: number) => ({ kind: "past", daysLate: n });
const upcoming = (n: number) => ({ kind: "upcoming", daysUntil: n });
const unknown = { kind: "unknown" };

function read(text: string, today: Date, timeZone = PARIS): Omit<BirthdayTiming, "date"> {
  const result = parseBirthdayDateText(text, { today, timeZone });
  if (result.kind === "unknown") return result;
  const { date: _date, ...rest } = result;
  return rest;
}

describe("parseBirthdayDateText", () => {
  const midJune = at("2026-06-15");

  it.each([
    ["Today", late(0)],
    ["Celebrate Ada's birthday today", late(0)],
    ["Birthday today 🎉", late(0)],
    ["Yesterday", late(1)],
    ["1 day ago", late(1)],
    ["3 days ago", late(3)],
    ["Birthday was 9 days ago", late(9)],
    ["1 week ago", late(7)],
    ["Tomorrow", upcoming(1)],
    ["in 3 days", upcoming(3)],
    ["Jun 15", late(0)],
    ["June 12", late(3)],
    ["Jun. 12th", late(3)],
    ["12 Jun", late(3)],
    ["Birthday on June 20", upcoming(5)],
    ["Oct 24", upcoming(131)],
    ["", unknown],
    ["Say happy birthday", unknown],
    ["Feb 30", unknown],
    ["April 31", unknown],
  ])("reads the English card text %j", (text, expected) => {
    expect(read(text, midJune)).toEqual(expected);
  });

  it.each([
    ["Aujourd'hui", late(0)],
    ["🎉 Anniversaire aujourd’hui", late(0)],
    ["Hier", late(1)],
    ["Avant-hier", late(2)],
    ["il y a 1 jour", late(1)],
    ["Il y a 4 jours", late(4)],
    ["il y a 2 semaines", late(14)],
    ["Demain", upcoming(1)],
    ["Après-demain", upcoming(2)],
    ["dans 6 jours", upcoming(6)],
    ["15 juin", late(0)],
    ["le 10 juin", late(5)],
    ["le 1er juin", late(14)],
    ["10 juin.", late(5)],
    ["20 juin", upcoming(5)],
    ["24 oct.", upcoming(131)],
    ["24 octobre", upcoming(131)],
    ["Anniversaire le 24 octobre", upcoming(131)],
    ["30 févr.", unknown],
    ["fichier premier", unknown],
  ])("reads the French card text %j", (text, expected) => {
    expect(read(text, midJune)).toEqual(expected);
  });

  it.each([
    ["Dec 31", "2027-01-02", late(2)],
    ["31 décembre", "2027-01-02", late(2)],
    ["Dec 25", "2027-01-03", late(9)],
    ["Jan 2", "2026-12-31", upcoming(2)],
    ["2 janv.", "2026-12-30", upcoming(3)],
    ["Jan 1", "2027-01-01", late(0)],
    ["December 31", "2026-12-31", late(0)],
    ["Yesterday", "2027-01-01", late(1)],
    ["Nov 20", "2027-01-05", late(46)],
  ])("counts %j across the year end seen on %s", (text, today, expected) => {
    expect(read(text, at(today))).toEqual(expected);
  });

  it.each([
    ["Feb 29", "2027-02-28", late(0)],
    ["Feb 29", "2027-03-01", late(1)],
    ["29 février", "2027-03-03", late(3)],
    ["Feb 29", "2028-02-29", late(0)],
    ["Feb 29", "2028-03-01", late(1)],
    ["Feb 28", "2028-03-01", late(2)],
    ["Feb 29", "2027-02-26", upcoming(2)],
  ])("celebrates %j on Feb 28 in non-leap years (seen on %s)", (text, today, expected) => {
    expect(read(text, at(today))).toEqual(expected);
  });

  it("gives the calendar date of the birthday", () => {
    expect(parseBirthdayDateText("Feb 29", { today: at("2027-03-02"), timeZone: PARIS })).toEqual({
      kind: "past",
      daysLate: 2,
      date: { year: 2027, month: 2, day: 28 },
    });
    expect(parseBirthdayDateText("il y a 3 jours", { today: at("2027-01-02"), timeZone: PARIS })).toEqual({
      kind: "past",
      daysLate: 3,
      date: { year: 2026, month: 12, day: 30 },
    });
  });

  describe("decides today in the account's time zone", () => {
    it("at 00:30 in Paris it is already the next day (UTC still says yesterday)", () => {
      const instant = zonedTimeToInstant({ year: 2026, month: 3, day: 10, hour: 0, minute: 30 }, PARIS);
      expect(instant.toISOString()).toBe("2026-03-09T23:30:00.000Z");
      expect(read("Mar 10", instant)).toEqual(late(0));
      expect(read("Mar 9", instant)).toEqual(late(1));
    });

    it("at 23:30 in New York it is still the day before UTC's", () => {
      const instant = zonedTimeToInstant({ year: 2026, month: 12, day: 31, hour: 23, minute: 30 }, "America/New_York");
      expect(read("Dec 31", instant, "America/New_York")).toEqual(late(0));
      expect(read("Jan 1", instant, "America/New_York")).toEqual(upcoming(1));
      expect(read("Dec 31", instant, "Asia/Tokyo")).toEqual(late(1));
    });

    it.each([
      // Spring forward in Paris: 2026-03-29 02:00 → 03:00 (a 23 h day).
      ["2026-03-29", 0, 30, "Mar 28", late(1)],
      ["2026-03-29", 23, 59, "Mar 29", late(0)],
      ["2026-03-30", 0, 1, "Mar 29", late(1)],
      ["2026-03-30", 0, 1, "2 days ago", late(2)],
      // Fall back: 2026-10-25 03:00 → 02:00 (a 25 h day).
      ["2026-10-25", 2, 30, "Oct 25", late(0)],
      ["2026-10-25", 23, 59, "Oct 24", late(1)],
      ["2026-10-26", 0, 0, "Oct 25", late(1)],
    ])("around DST on %s %i:%i, %j", (iso, hour, minute, text, expected) => {
      const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
      const instant = zonedTimeToInstant({ year, month, day, hour, minute }, PARIS);
      expect(read(text, instant)).toEqual(expected);
    });
  });
});
