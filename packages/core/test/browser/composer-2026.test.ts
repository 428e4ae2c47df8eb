import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BirthdaysPage, type BirthdayCard } from "../../src/browser/pages/birthdays-page.js";
import { Composer } from "../../src/browser/pages/composer.js";
import type { SelectorEngine } from "../../src/browser/selectors/selector-engine.js";
import { FAST_SCAN, startBrowserHarness, type BrowserHarness } from "./harness.js";

/**
 * LinkedIn's 2026 compose pop-up (simulator variant c, docs/linkedin-pages.md#messaging): a
 * pre-filled textarea the wish must replace, a pop-up that closes on success, and the
 * "share your profile details?" prompt that follows some sends.
 */

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
  { name: "Jane Doe", publicId: "jane-doe", when: "today" as const },
  { name: "Élodie Bernard", publicId: "elodie-bernard", when: { daysAgo: 1 } },
  { name: "Marc Lefèvre", publicId: "marc-lefevre", when: { daysAgo: 3 } },
  { name: "Priya Natarajan", publicId: "priya-natarajan", when: { daysAgo: 2 } },
];

async function openBirthdays(
  scenario: Parameters<BrowserHarness["scenario"]>[0],
): Promise<{ page: Page; engine: SelectorEngine; cards: BirthdayCard[]; composer: Composer }> {
  await h.scenario({ today: "2026-06-15", birthdays: PEOPLE, variant: "c", ...scenario });
  const { page } = await h.session();
  const { engine } = h.engine();
  const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url });
  await birthdays.goto();
  const cards = await birthdays.scan(FAST_SCAN);
  const composer = new Composer(page, { engine, typingDelayMs: { min: 0, max: 1 }, verifyTimeoutMs: 3_000 });
  return { page, engine, cards, composer };
}

describe.each(["en", "fr"] as const)("Composer on the 2026 pop-up (locale %s)", (locale) => {
  it("replaces the suggestion, sees the pop-up close, answers the share prompt with Not now", async () => {
    const { page, engine, cards, composer } = await openBirthdays({ locale, faults: { honeypot: true } });
    expect(cards.map((c) => c.publicId).sort()).toEqual(PEOPLE.map((p) => p.publicId).sort());
    const wishes: [string, string][] = [];
    for (const c of cards) {
      const text = locale === "fr" ? `Joyeux anniversaire ${c.name} ! 🎂` : `Happy birthday ${c.name}! 🎂`;
      expect(await composer.sendFromCard(c.locator, c.name, text)).toMatchObject({ status: "sent_verified" });
      wishes.push([c.publicId, text]);
      // Nothing is left open for the next card: neither the pop-up nor the share prompt.
      expect(await engine.findAll(page, "composer.overlay")).toEqual([]);
    }
    const state = await h.simState();
    // Exactly the wish: no suggestion in front of it (an append would show here).
    expect(state.sent.map((m) => [m.to, m.text])).toEqual(wishes);
    expect(state.profileShares).toBe(0);
    expect(state.honeypotClicks).toBe(0);
    expect(state.invitations).toEqual([]);
  });
});

describe("Composer on the 2026 pop-up", () => {
  it("reports unknown_after_send when the pop-up stays open after Send", async () => {
    const { cards, composer } = await openBirthdays({ locale: "en", faults: { sendFails: true } });
    const jane = cards.find((c) => c.publicId === "jane-doe");
    if (!jane) throw new Error("no card for Jane");
    expect(await composer.sendFromCard(jane.locator, jane.name, "Happy birthday Jane!")).toMatchObject({
      status: "unknown_after_send",
      reason: "not_in_thread",
    });
    expect((await h.simState()).sent).toEqual([]);
  });

  it("a dry run opens and checks the pop-up, then closes it, sending nothing", async () => {
    const { page, engine, cards, composer } = await openBirthdays({ locale: "fr" });
    const marc = cards.find((c) => c.publicId === "marc-lefevre");
    if (!marc) throw new Error("no card for Marc");
    expect(
      await composer.sendFromCard(marc.locator, marc.name, "Joyeux anniversaire !", { dryRun: true }),
    ).toMatchObject({ status: "dry_run", recipientHeader: "Marc Lefèvre" });
    expect(await engine.findAll(page, "composer.overlay")).toEqual([]);
    expect((await h.simState()).sent).toEqual([]);
  });
});
