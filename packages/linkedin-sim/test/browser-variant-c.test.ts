import { chromiumPath, waitFor } from "@nudge/testing";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator, type ScenarioInput } from "../src/index.js";

/** Variant c's page script in real Chromium: the compose pop-up, the share prompt, `<main>` scrolling. */

const COOKIE = "AQEDAR-test-li-at-value";
const LABELS = {
  en: { message: "Message Jane Doe: Wishing you a very happy birthday!", send: "Send", notNow: "Not now" },
  fr: {
    message: "Envoyer un message à Jane Doe : Je vous souhaite un très joyeux anniversaire !",
    send: "Envoyer",
    notNow: "Plus tard",
  },
} as const;

let browser: Browser;
let sim: RunningSimulator;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu"] });
  sim = await startSimulator();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

async function openSession(scenario: ScenarioInput): Promise<{ context: BrowserContext; page: Page }> {
  sim.simulator.reset({ cookie: COOKIE, today: "2025-10-30", variant: "c", ...scenario });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addCookies([{ name: "li_at", value: COOKIE, url: sim.url }]);
  return { context, page: await context.newPage() };
}

for (const locale of ["en", "fr"] as const) {
  const labels = LABELS[locale];
  describe(`variant c, locale ${locale}, in Chromium`, () => {
    it("opens a pre-filled pop-up that sends what the textarea holds, closes, then asks to share", async () => {
      const { context, page } = await openSession({
        locale,
        birthdays: [{ name: "Jane Doe", publicId: "jane-doe", when: "today" }],
      });
      try {
        await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
        await page.locator(`a[aria-label="${labels.message}"]`).click();
        const popup = page.getByRole("dialog");
        const field = popup.locator("textarea");
        await waitFor(async () => (await field.count()) === 1, { what: "the pop-up" });
        const suggestion = await field.inputValue();
        expect(suggestion.length).toBeGreaterThan(10);
        // Typing without clearing appends: the simulator records exactly that.
        await field.press("Control+End");
        await field.pressSequentially(" Jane", { delay: 2 });
        await popup.getByRole("button", { name: labels.send, exact: true }).click();
        await waitFor(() => sim.simulator.state.sent.length === 1, { what: "the message" });
        expect(sim.simulator.state.sent[0]?.text).toBe(`${suggestion} Jane`);
        await waitFor(async () => (await page.locator("textarea").count()) === 0, { what: "the pop-up to close" });
        const prompt = page.getByRole("dialog");
        await prompt.getByRole("button", { name: labels.notNow }).click();
        await waitFor(async () => (await page.getByRole("dialog").count()) === 0, { what: "the prompt to close" });
        expect(sim.simulator.state.profileShares).toBe(0);
      } finally {
        await context.close();
      }
    });
  });
}

describe("variant c in Chromium", () => {
  it("keeps the pop-up open with an error line when the send silently fails", async () => {
    const { context, page } = await openSession({
      birthdays: [{ name: "Jane Doe", publicId: "jane-doe", when: "today" }],
      faults: { sendFails: true },
    });
    try {
      await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
      await page.locator(`a[aria-label="${LABELS.en.message}"]`).click();
      const popup = page.getByRole("dialog");
      await popup.getByRole("button", { name: "Send", exact: true }).click();
      await waitFor(async () => popup.getByRole("alert").isVisible(), { what: "the error line" });
      expect(await page.locator("textarea").count()).toBe(1);
      expect(sim.simulator.state.sent).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("scrolls the list inside <main>, not the window, and loads every card", async () => {
    const { context, page } = await openSession({
      birthdays: Array.from({ length: 35 }, (_, i) => ({
        name: `Person ${i}`,
        publicId: `person-${i}`,
        when: "today",
      })),
      birthdayBatchSize: 10,
    });
    try {
      await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
      const cards = page.locator('[role="listitem"]:has(a[href^="/in/"])');
      expect(await cards.count()).toBe(10);
      expect(await page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")).toBe(true);
      await waitFor(
        async () => {
          await page.evaluate("document.querySelector('main').scrollBy(0, 2000)");
          return (await cards.count()) === 35;
        },
        { what: "all 35 cards", timeoutMs: 20_000, intervalMs: 100 },
      );
      expect(await page.evaluate("window.scrollY")).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("ends a navigation in ERR_TOO_MANY_REDIRECTS under the redirectLoop fault", async () => {
    const { context, page } = await openSession({ faults: { redirectLoop: true } });
    try {
      const error = await page.goto(`${sim.url}/feed/`).then(
        () => null,
        (e: unknown) => String(e),
      );
      expect(error).toContain("ERR_TOO_MANY_REDIRECTS");
    } finally {
      await context.close();
    }
  });
});
