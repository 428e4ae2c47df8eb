import { chromiumPath, waitFor } from "@nudge/testing";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator, type ScenarioInput } from "../src/index.js";

const COOKIE = "AQEDAR-test-li-at-value";
const LABELS = {
  en: { message: (n: string) => `Send message to ${n}`, box: "Write a message…", send: "Send", connect: "Connect", today: "Today" },
  fr: { message: (n: string) => `Envoyer un message à ${n}`, box: "Écrivez un message…", send: "Envoyer", connect: "Se connecter", today: "Aujourd’hui" },
} as const;

let browser: Browser;
let sim: RunningSimulator;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  sim = await startSimulator();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

async function openSession(scenario: ScenarioInput): Promise<{ context: BrowserContext; page: Page }> {
  sim.simulator.reset({ cookie: COOKIE, today: "2025-10-30", ...scenario });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addCookies([{ name: "li_at", value: COOKIE, url: sim.url }]);
  return { context, page: await context.newPage() };
}

function manyBirthdays(n: number): ScenarioInput["birthdays"] {
  return Array.from({ length: n }, (_, i) => ({
    name: `Person ${String(i).padStart(2, "0")}`,
    publicId: `person-${i}`,
    when: i % 3 === 0 ? ("today" as const) : { daysAgo: i % 9 },
    connection: i % 7 !== 3,
  }));
}

for (const variant of ["a", "b"] as const) {
  for (const locale of ["en", "fr"] as const) {
    const labels = LABELS[locale];
    describe(`variant ${variant}, locale ${locale}`, () => {
      it("sends a wish from a birthday card and the message shows in the thread and in the state", async () => {
        const { context, page } = await openSession({
          variant,
          locale,
          birthdays: [
            { name: "Jane Doe", publicId: "jane-doe", when: "today", connection: true },
            { name: "Tom Becker", publicId: "tom-becker", when: { daysAgo: 2 }, connection: false },
          ],
        });
        try {
          await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
          const card = page.getByRole("listitem").filter({ has: page.locator('a[href="/in/jane-doe/"]') });
          expect((await card.innerText()).toLowerCase()).toContain(labels.today.toLowerCase());
          await card.locator(`[aria-label="${labels.message("Jane Doe")}"]`).click();

          const dialog = page.getByRole("dialog").last();
          await expect(dialog.getByRole("heading").innerText()).resolves.toContain("Jane Doe");
          const send = dialog.getByRole("button", { name: labels.send, exact: true });
          expect(await send.isDisabled()).toBe(true);
          const box = dialog.getByRole("textbox", { name: labels.box });
          await box.pressSequentially("Happy birthday Jane!", { delay: 5 });
          await send.click();

          await waitFor(() => sim.simulator.state.sent.length === 1, { what: "the message to be recorded" });
          expect(sim.simulator.state.sent[0]).toMatchObject({ to: "jane-doe", text: "Happy birthday Jane!" });
          await waitFor(async () => (await dialog.innerText()).includes("Happy birthday Jane!"), { what: "the message in the thread" });
          expect((await box.innerText()).trim()).toBe("");

          const other = page.getByRole("listitem").filter({ has: page.locator('a[href="/in/tom-becker/"]') });
          expect(await other.getByRole("button").filter({ hasText: labels.connect }).count()).toBe(1);
          expect(await other.locator(`[aria-label="${labels.message("Tom Becker")}"]`).count()).toBe(0);
        } finally {
          await context.close();
        }
      });

      it("loads every birthday card as the page is scrolled", async () => {
        const { context, page } = await openSession({ variant, locale, birthdays: manyBirthdays(55), birthdayBatchSize: 10 });
        try {
          await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
          const cards = page.locator('[role="listitem"]:has(a[href^="/in/"])');
          expect(await cards.count()).toBeLessThan(55);
          await waitFor(
            async () => {
              await page.mouse.wheel(0, 1500);
              return (await cards.count()) === 55;
            },
            { what: "all 55 cards", timeoutMs: 20_000, intervalMs: 100 },
          );
        } finally {
          await context.close();
        }
      });
    });
  }
}
