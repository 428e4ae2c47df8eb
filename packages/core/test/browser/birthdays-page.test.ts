import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseBirthdayDateText } from "../../src/browser/dates/birthday-date.js";
import { BirthdaysPage } from "../../src/browser/pages/birthdays-page.js";
import { zonedTimeToInstant } from "../../src/time/zoned.js";
import { FAST_SCAN, startBrowserHarness, type BrowserHarness } from "./harness.js";

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterEach(async () => {
  await h?.closeSessions();
});
afterAll(async () => {
  await h?.close();
});

const TODAY = "2026-03-02";
const BIRTHDAYS = [
  { name: "Jane Doe", publicId: "jane-doe", when: "today" as const, connection: true },
  { name: "Élodie Bernard", publicId: "elodie-bernard", when: { daysAgo: 1 }, connection: true },
  { name: "Marc Lefèvre", publicId: "marc-lefevre", when: { daysAgo: 4 }, connection: true },
  { name: "Thierry Santiago", publicId: "thierry-santiago", when: "02-26", connection: true },
  { name: "Leap Person", publicId: "leap-person", when: "02-29", connection: true },
  { name: "Tom Becker", publicId: "tom-becker", when: "today" as const, connection: false },
  { name: "Sofia Rossi", publicId: "sofia-rossi", when: { daysAgo: 2 }, connection: false, offer: "follow" as const },
  { name: "Future Friend", publicId: "future-friend", when: "03-09", connection: true },
];

describe.each([
  ["en", "a"],
  ["en", "b"],
  ["fr", "a"],
  ["fr", "b"],
  ["en", "c"],
  ["fr", "c"],
] as const)("BirthdaysPage (locale %s, DOM variant %s)", (locale, variant) => {
  it("yields every person once with name, profile URL, date text and connection flag", async () => {
    await h.scenario({
      locale,
      variant,
      today: TODAY,
      timezone: "Europe/Paris",
      birthdays: BIRTHDAYS,
      birthdayBatchSize: 3,
    });
    const { page } = await h.session();
    const { engine } = h.engine();
    const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url });
    expect(await birthdays.goto()).toBe(`${h.sim.url}/mynetwork/catch-up/birthday/`);
    const cards = await birthdays.scan(FAST_SCAN);

    expect(cards.map((c) => c.publicId).sort()).toEqual(BIRTHDAYS.map((b) => b.publicId).sort());
    const byId = new Map(cards.map((c) => [c.publicId, c]));
    for (const b of BIRTHDAYS) {
      const card = byId.get(b.publicId);
      expect(card?.name).toBe(b.name);
      expect(card?.profileUrl).toBe(`${h.sim.url}/in/${b.publicId}/`);
      expect(card?.isConnection).toBe(b.connection);
    }

    const today = zonedTimeToInstant({ year: 2026, month: 3, day: 2, hour: 9 }, "Europe/Paris");
    const timing = (id: string) => {
      const t = parseBirthdayDateText(byId.get(id)?.rawDateText ?? "", { today, timeZone: "Europe/Paris", locale });
      return t.kind === "past" ? t.daysLate : t.kind === "upcoming" ? -t.daysUntil : null;
    };
    expect(timing("jane-doe")).toBe(0);
    expect(timing("elodie-bernard")).toBe(1);
    expect(timing("marc-lefevre")).toBe(4);
    expect(timing("thierry-santiago")).toBe(4);
    // 2026 is not a leap year: a Feb 29 birthday is celebrated on Feb 28.
    expect(timing("leap-person")).toBe(2);
    expect(timing("future-friend")).toBe(-7);
  });
});

describe("BirthdaysPage", () => {
  // Variant c's list scrolls inside <main> (the window does not move) and spells every other
  // profile link percent-encoded (/in/person%2D4/): one person each, under the decoded URL.
  it.each(["b", "c"] as const)("scrolls through 25 lazily loaded cards (variant %s)", async (variant) => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      name: `Person ${String.fromCharCode(65 + i)} Test`,
      publicId: `person-${i}`,
      when: { daysAgo: i % 5 },
      connection: true,
    }));
    await h.scenario({ locale: "en", variant, today: TODAY, birthdays: many, birthdayBatchSize: 5 });
    const { page } = await h.session();
    const { engine } = h.engine();
    const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url });
    await birthdays.goto();
    const cards = await birthdays.scan(FAST_SCAN);
    expect(cards).toHaveLength(25);
    expect(new Set(cards.map((c) => c.publicId)).size).toBe(25);
    expect(cards.map((c) => c.profileUrl).sort()).toEqual(many.map((p) => `${h.sim.url}/in/${p.publicId}/`).sort());
  });

  it.each(["a", "b", "c"] as const)(
    "stops when the page shows the list's end, without waiting out quiet passes (variant %s)",
    async (variant) => {
      const many = Array.from({ length: 12 }, (_, i) => ({
        name: `Person ${String.fromCharCode(65 + i)} Test`,
        publicId: `person-${i}`,
        when: "today" as const,
        connection: true,
      }));
      await h.scenario({ locale: "en", variant, today: TODAY, birthdays: many, birthdayBatchSize: 5 });
      const { page } = await h.session();
      const { engine } = h.engine();
      const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url });
      await birthdays.goto();
      // Quiet passes this long would outlast the test: only the page's own end can stop the scan.
      const cards = await birthdays.scan({ settleMs: 5_000, stablePasses: 1_000 });
      expect(cards.map((c) => c.publicId).sort()).toEqual(many.map((p) => p.publicId).sort());
    },
  );

  it("ends quietly on an empty list", async () => {
    await h.scenario({ locale: "fr", variant: "a", today: TODAY, birthdays: [] });
    const { page } = await h.session();
    const { engine, events } = h.engine();
    const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url });
    await birthdays.goto();
    expect(await birthdays.scan(FAST_SCAN)).toEqual([]);
    expect(events.filter((e) => e.type === "selector.miss")).toEqual([]);
  });
});
