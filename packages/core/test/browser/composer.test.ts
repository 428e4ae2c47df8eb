import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BirthdaysPage, type BirthdayCard } from "../../src/browser/pages/birthdays-page.js";
import { Composer, recipientMatches } from "../../src/browser/pages/composer.js";
import type { SelectorEngine } from "../../src/browser/selectors/selector-engine.js";
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

const PEOPLE = [
  { name: "Jane Doe", publicId: "jane-doe", when: "today" as const, connection: true },
  { name: "Élodie Bernard", publicId: "elodie-bernard", when: { daysAgo: 1 }, connection: true },
  { name: "Marc Lefèvre", publicId: "marc-lefevre", when: { daysAgo: 3 }, connection: true },
  { name: "Priya Natarajan", publicId: "priya-natarajan", when: { daysAgo: 2 }, connection: true },
  { name: "Tom Becker", publicId: "tom-becker", when: "today" as const, connection: false },
];

async function openBirthdays(
  scenario: Parameters<BrowserHarness["scenario"]>[0],
): Promise<{ page: Page; engine: SelectorEngine; cards: Map<string, BirthdayCard>; composer: Composer }> {
  await h.scenario({ today: "2026-06-15", birthdays: PEOPLE, ...scenario });
  const { page } = await h.session();
  const { engine } = h.engine();
  const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url });
  await birthdays.goto();
  const cards = new Map((await birthdays.scan(FAST_SCAN)).map((c) => [c.publicId, c]));
  const composer = new Composer(page, {
    engine,
    typingDelayMs: { min: 0, max: 1 },
    verifyTimeoutMs: 3_000,
    openTimeoutMs: 5_000,
  });
  return { page, engine, cards, composer };
}

function card(cards: Map<string, BirthdayCard>, id: string): BirthdayCard {
  const c = cards.get(id);
  if (!c) throw new Error(`no card for ${id}`);
  return c;
}

describe.each([
  ["en", "a"],
  ["en", "b"],
  ["fr", "a"],
  ["fr", "b"],
  ["en", "c"],
  ["fr", "c"],
] as const)("Composer (locale %s, DOM variant %s)", (locale, variant) => {
  it("opens from the card, checks the header, types, sends and sees the exact text in the thread", async () => {
    const { cards, composer } = await openBirthdays({ locale, variant });
    const text =
      locale === "fr"
        ? "Joyeux anniversaire Élodie ! 🎂 Belle année à toi."
        : "Happy birthday Élodie! 🎂 All the best.";
    const elodie = card(cards, "elodie-bernard");
    const outcome = await composer.sendFromCard(elodie.locator, elodie.name, text);
    expect(outcome).toMatchObject({ status: "sent_verified" });
    const state = await h.simState();
    expect(state.sent.map((m) => [m.to, m.text])).toEqual([["elodie-bernard", text]]);
    expect(state.invitations).toEqual([]);
  });
});

describe.each([
  ["en", "a"],
  ["fr", "b"],
  ["en", "c"],
  ["fr", "c"],
] as const)("Composer without a typing delay (locale %s, DOM variant %s)", (locale, variant) => {
  it("puts the text in at once through input events, and the thread gets exactly what typing gives", async () => {
    const { page, cards } = await openBirthdays({ locale, variant });
    const { engine } = h.engine();
    const text = "Joyeux anniversaire Élodie ! 🎂\nBelle année à toi.";
    const atOnce = new Composer(page, { engine, typingDelayMs: { min: 0, max: 0 }, verifyTimeoutMs: 3_000 });
    const perKey = new Composer(page, { engine, typingDelayMs: { min: 0, max: 1 }, verifyTimeoutMs: 3_000 });
    const elodie = card(cards, "elodie-bernard");
    const marc = card(cards, "marc-lefevre");
    expect(await atOnce.sendFromCard(elodie.locator, elodie.name, text)).toMatchObject({ status: "sent_verified" });
    expect(await perKey.sendFromCard(marc.locator, marc.name, text)).toMatchObject({ status: "sent_verified" });
    const sent = (await h.simState()).sent.map((m) => [m.to, m.text]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(["elodie-bernard", sent[1]?.[1]]);
    expect(sent[1]?.[0]).toBe("marc-lefevre");
    expect(sent[0]?.[1]?.replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " "));
  });
});

describe("Composer", () => {
  it("refuses a card that offers Connect instead of Message, without clicking anything", async () => {
    const { cards, composer } = await openBirthdays({ locale: "en", variant: "a" });
    const tom = card(cards, "tom-becker");
    expect(await composer.sendFromCard(tom.locator, tom.name, "Happy birthday Tom!")).toMatchObject({
      status: "not_sent",
      reason: "not_a_connection",
    });
    const state = await h.simState();
    expect(state.sent).toEqual([]);
    expect(state.invitations).toEqual([]);
  });

  it("does not send when the header names someone else (wrong recipient)", async () => {
    const { cards, composer } = await openBirthdays({ locale: "en", variant: "b", faults: { wrongRecipient: true } });
    const jane = card(cards, "jane-doe");
    expect(await composer.sendFromCard(jane.locator, jane.name, "Happy birthday Jane!")).toMatchObject({
      status: "not_sent",
      reason: "recipient_mismatch",
    });
    expect((await h.simState()).sent).toEqual([]);
  });

  it("reports unknown_after_send when Send silently fails (the text never reaches the thread)", async () => {
    const { cards, composer } = await openBirthdays({ locale: "fr", variant: "a", faults: { sendFails: true } });
    const marc = card(cards, "marc-lefevre");
    expect(await composer.sendFromCard(marc.locator, marc.name, "Joyeux anniversaire Marc !")).toMatchObject({
      status: "unknown_after_send",
      reason: "not_in_thread",
    });
    expect((await h.simState()).sent).toEqual([]);
  });

  it("a dry run opens and checks the composer but types and sends nothing", async () => {
    const { cards, composer } = await openBirthdays({ locale: "en", variant: "a" });
    const jane = card(cards, "jane-doe");
    expect(
      await composer.sendFromCard(jane.locator, jane.name, "Happy birthday Jane!", { dryRun: true }),
    ).toMatchObject({ status: "dry_run" });
    expect((await h.simState()).sent).toEqual([]);
  });

  it("uses the last overlay when several are open", async () => {
    const { page, engine, cards, composer } = await openBirthdays({ locale: "en", variant: "a" });
    const jane = card(cards, "jane-doe");
    const priya = card(cards, "priya-natarajan");
    // A stray conversation is already open (an earlier attempt left it).
    expect(await composer.open(jane.locator, jane.name)).toHaveProperty("overlay");
    const opened = await composer.open(priya.locator, priya.name, { closeStray: false });
    if (!("overlay" in opened)) throw new Error(`did not open: ${opened.message}`);
    expect(await engine.findAll(page, "composer.overlay")).toHaveLength(2);
    expect(opened.recipientHeader).toContain("Priya Natarajan");
    expect(await composer.send(opened, "Happy belated birthday Priya!")).toMatchObject({ status: "sent_verified" });
    expect((await h.simState()).sent.map((m) => m.to)).toEqual(["priya-natarajan"]);
  });

  it("counts only a new message: the same text sent last year is already in the thread", async () => {
    const { cards, composer } = await openBirthdays({ locale: "en", variant: "b" });
    const jane = card(cards, "jane-doe");
    const text = "Happy birthday Jane!";
    expect(await composer.sendFromCard(jane.locator, jane.name, text)).toMatchObject({ status: "sent_verified" });
    await h.setFaults({ sendFails: true });
    expect(await composer.sendFromCard(jane.locator, jane.name, text)).toMatchObject({ status: "unknown_after_send" });
    expect((await h.simState()).sent).toHaveLength(1);
  });

  it("never clicks a honeypot: every hiding style is skipped in cards and composers", async () => {
    const { cards, composer } = await openBirthdays({ locale: "en", variant: "a", faults: { honeypot: true } });
    for (const id of ["jane-doe", "elodie-bernard", "marc-lefevre", "priya-natarajan"]) {
      const c = card(cards, id);
      expect(await composer.sendFromCard(c.locator, c.name, `Happy birthday ${c.name}!`)).toMatchObject({
        status: "sent_verified",
      });
    }
    const state = await h.simState();
    expect(state.honeypotClicks).toBe(0);
    expect(state.sent).toHaveLength(4);
  });

  it("never clicks a honeypot on the SDUI variant either", async () => {
    const { cards, composer } = await openBirthdays({ locale: "fr", variant: "b", faults: { honeypot: true } });
    for (const id of ["jane-doe", "elodie-bernard", "marc-lefevre", "priya-natarajan"]) {
      const c = card(cards, id);
      expect(await composer.sendFromCard(c.locator, c.name, `Joyeux anniversaire ${c.name} !`)).toMatchObject({
        status: "sent_verified",
      });
    }
    const state = await h.simState();
    expect(state.honeypotClicks).toBe(0);
    expect(state.sent).toHaveLength(4);
  });
});

describe("recipientMatches", () => {
  it.each([
    ["Élodie Bernard", "Elodie Bernard", true],
    ["Messaging with Jane Doe", "Jane Doe", true],
    ["Jane Smith", "Jane Doe", false],
    ["Christelle Martin", "Benjamin Martin", false],
    ["Jane", "Jane Doe", false],
    ["", "Jane Doe", false],
  ])("header %j for %j → %s", (header, name, expected) => {
    expect(recipientMatches(header, name)).toBe(expected);
  });
});
