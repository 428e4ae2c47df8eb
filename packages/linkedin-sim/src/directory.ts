import { createHash } from "node:crypto";
import { currentDay, daysBetween, isLeapYear, parseCalendarDay, type CalendarDay } from "./calendar.js";
import type { Birthday, Profile, Scenario } from "./scenario.js";
import type { Texts } from "./texts.js";

/** Everyone the simulator can show: the scenario's profiles plus the people on birthday cards. */
export interface Person extends Profile {
  /** LinkedIn's opaque member id (used in `miniProfileUrn` and `data-member-id`). */
  memberId: string;
  numericId: number;
}

export type BirthdayKind = "today" | "yesterday" | "daysAgo" | "date";

/** A birthday card as the page shows it. */
export interface BirthdayCard {
  birthday: Birthday;
  person: Person;
  kind: BirthdayKind;
  /** The raw date text on the card ("Today", "2 days ago", "Oct 24", "24 octobre", …). */
  dateText: string;
  /** Days since the birthday (0 = today); negative for an upcoming one. */
  daysAgo: number;
}

export class Directory {
  private readonly people = new Map<string, Person>();
  /** The logged-in member, whose own profile exists even when `profiles` leaves them out. */
  private readonly me: Person;

  constructor(private readonly scenario: Scenario) {
    for (const birthday of scenario.birthdays) {
      this.people.set(
        birthday.publicId,
        toPerson({
          publicId: birthday.publicId,
          name: birthday.name,
          headline: birthday.headline ?? "",
          location: "",
          company: "",
          openToWork: false,
          about: "",
          degree: birthday.connection ? 1 : 2,
        }),
      );
    }
    for (const profile of scenario.profiles) {
      const fromBirthday = this.people.get(profile.publicId);
      // A birthday card's connection flag is what the card shows; the profile must agree.
      const degree = fromBirthday ? fromBirthday.degree : profile.degree;
      this.people.set(profile.publicId, toPerson({ ...profile, degree }));
    }
    const { me } = scenario;
    this.me =
      this.people.get(me.publicId) ??
      toPerson({ ...me, location: "", company: "", openToWork: false, about: "", degree: 1 });
  }

  /** Anyone the simulator can show, the member included (`all` leaves the member out unless listed). */
  get(publicId: string): Person | undefined {
    return this.people.get(publicId) ?? (publicId === this.me.publicId ? this.me : undefined);
  }

  all(): Person[] {
    return [...this.people.values()];
  }

  /** Someone else than `publicId`, for the wrong-recipient fault. */
  someoneElseThan(publicId: string): Person | undefined {
    return this.all().find((p) => p.publicId !== publicId && p.publicId !== this.scenario.me.publicId);
  }

  today(): CalendarDay {
    return this.scenario.today ? parseCalendarDay(this.scenario.today) : currentDay(this.scenario.timezone);
  }

  /** Birthday cards in page order: today, then the most recent first, then upcoming soonest first. */
  birthdayCards(texts: Texts): BirthdayCard[] {
    const today = this.today();
    const cards = this.scenario.birthdays.map((birthday) => {
      const person = this.people.get(birthday.publicId) as Person;
      return { birthday, person, ...describe(birthday.when, today, texts) };
    });
    const rank = (c: BirthdayCard) => (c.daysAgo >= 0 ? c.daysAgo : 10_000 - c.daysAgo);
    return cards
      .map((c, i) => ({ c, i }))
      .sort((x, y) => rank(x.c) - rank(y.c) || x.i - y.i)
      .map(({ c }) => c);
  }
}

function describe(
  when: Birthday["when"],
  today: CalendarDay,
  texts: Texts,
): Pick<BirthdayCard, "kind" | "dateText" | "daysAgo"> {
  if (when === "today") return { kind: "today", dateText: texts.today, daysAgo: 0 };
  if (typeof when === "object") {
    const n = when.daysAgo;
    if (n === 0) return { kind: "today", dateText: texts.today, daysAgo: 0 };
    if (n === 1) return { kind: "yesterday", dateText: texts.yesterday, daysAgo: 1 };
    return { kind: "daysAgo", dateText: texts.daysAgo(n), daysAgo: n };
  }
  const [month, day] = when.split("-").map(Number) as [number, number];
  return {
    kind: "date",
    dateText: texts.monthDay({ year: today.year, month, day }),
    daysAgo: daysSinceMonthDay(month, day, today),
  };
}

/**
 * Days since the most recent occurrence of month-day, if it was within the last 59 days (the
 * page's "recent" window); otherwise minus the days until the next one. Feb 29 falls on Feb 28
 * in common years.
 */
function daysSinceMonthDay(month: number, day: number, today: CalendarDay): number {
  const occurrence = (year: number): CalendarDay =>
    month === 2 && day === 29 && !isLeapYear(year) ? { year, month: 2, day: 28 } : { year, month, day };
  const thisYear = daysBetween(occurrence(today.year), today);
  if (thisYear >= 0 && thisYear < 60) return thisYear;
  const lastYear = daysBetween(occurrence(today.year - 1), today);
  if (thisYear < 0 && lastYear < 60) return lastYear;
  const next = thisYear < 0 ? occurrence(today.year) : occurrence(today.year + 1);
  return -daysBetween(today, next);
}

function toPerson(profile: Profile): Person {
  const digest = createHash("sha256").update(profile.publicId).digest();
  return {
    ...profile,
    memberId: `ACoAA${digest.toString("base64url").slice(0, 34)}`,
    numericId: digest.readUInt32BE(0) % 900_000_000,
  };
}
