import { chromiumPath, waitFor } from "@nudge/testing";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator, type ScenarioInput } from "../src/index.js";

const COOKIE = "AQEDAR-test-li-at-value";
const LABELS = {
  en: {
    message: (n: string) => `Send message to ${n}`,
    box: "Write a message…",
    send: "Send",
    connect: "Connect",
    today: "Today",
  },
  fr: {
    message: (n: string) => `Envoyer un message à ${n}`,
    box: "Écrivez un message…",
    send: "Envoyer",
    connect: "Se connecter",
    today: "Aujourd’hui",
  },
} as const;

/** The DOM globals these tests touch inside the page (the package compiles without the DOM lib). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { opacity: string };
}

let browser: Browser;
let sim: RunningSimulator;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
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
          // The box is inside the dialog too: the text shows in the thread once the box is empty.
          await waitFor(
            async () =>
              (await box.innerText()).trim() === "" && (await dialog.innerText()).includes("Happy birthday Jane!"),
            { what: "the message in the thread and an empty box" },
          );

          const other = page.getByRole("listitem").filter({ has: page.locator('a[href="/in/tom-becker/"]') });
          expect(await other.getByRole("button").filter({ hasText: labels.connect }).count()).toBe(1);
          expect(await other.locator(`[aria-label="${labels.message("Tom Becker")}"]`).count()).toBe(0);
        } finally {
          await context.close();
        }
      });

      it("loads every birthday card as the page is scrolled", async () => {
        const { context, page } = await openSession({
          variant,
          locale,
          birthdays: manyBirthdays(55),
          birthdayBatchSize: 10,
        });
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

for (const variant of ["a", "b"] as const) {
  describe(`variant ${variant} in Chromium`, () => {
    it("keeps several composers open, the newest last, and closes one", async () => {
      const { context, page } = await openSession({
        variant,
        birthdays: [
          { name: "Jane Doe", publicId: "jane-doe", when: "today" },
          { name: "Marc Lefèvre", publicId: "marc-lefevre", when: { daysAgo: 1 } },
        ],
      });
      try {
        await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
        await page.locator('[aria-label="Send message to Jane Doe"]').click();
        await page.getByRole("dialog").filter({ hasText: "Jane Doe" }).waitFor();
        await page.locator('[aria-label="Send message to Marc Lefèvre"]').click();
        await page.getByRole("dialog").filter({ hasText: "Marc Lefèvre" }).waitFor();
        const dialogs = page.getByRole("dialog");
        expect(await dialogs.count()).toBe(2);
        expect(await dialogs.last().getByRole("heading").innerText()).toContain("Marc Lefèvre");
        expect(await page.getByRole("textbox", { name: "Write a message…" }).count()).toBe(2);

        await dialogs
          .first()
          .getByRole("button", {
            name: variant === "a" ? "Close your conversation with Jane Doe" : "Close",
            exact: true,
          })
          .click();
        await waitFor(async () => (await dialogs.count()) === 1, { what: "one composer left" });
        expect(await dialogs.first().getByRole("heading").innerText()).toContain("Marc Lefèvre");
      } finally {
        await context.close();
      }
    });

    it("records a click on the invisible honeypot while the real button keeps working", async () => {
      const { context, page } = await openSession({
        variant,
        faults: { honeypot: "opacity" },
        birthdays: [{ name: "Jane Doe", publicId: "jane-doe", when: "today" }],
      });
      try {
        await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
        const lookalikes = page.locator('[aria-label="Send message to Jane Doe"]');
        expect(await lookalikes.count()).toBe(2);
        // Playwright calls an opacity:0 element visible: only a style check tells them apart.
        expect(await lookalikes.first().isVisible()).toBe(true);
        const opacity = await lookalikes
          .first()
          .evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).opacity);
        expect(opacity).toBe("0");
        await lookalikes.last().click();
        await page.getByRole("dialog").waitFor();
        expect(sim.simulator.state.honeypotClicks).toBe(0);

        await lookalikes.first().evaluate((el) => (el as unknown as { click(): void }).click());
        await waitFor(() => sim.simulator.state.honeypotClicks === 1, { what: "the honeypot click to be recorded" });
      } finally {
        await context.close();
      }
    });

    it("clears the editor but never shows the message when Send silently fails", async () => {
      const { context, page } = await openSession({
        variant,
        faults: { sendFails: true },
        birthdays: [{ name: "Jane Doe", publicId: "jane-doe", when: "today" }],
      });
      try {
        await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`);
        await page.locator('[aria-label="Send message to Jane Doe"]').click();
        const dialog = page.getByRole("dialog").last();
        const box = dialog.getByRole("textbox");
        await box.fill("Happy birthday!");
        await dialog.getByRole("button", { name: "Send", exact: true }).click();
        await waitFor(async () => (await box.innerText()).trim() === "", { what: "the editor to clear" });
        const sendRequests = sim.simulator.state.requests;
        expect(sendRequests).toBeGreaterThan(0);
        expect(await dialog.innerText()).not.toContain("Happy birthday!");
        expect(sim.simulator.state.sent).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("pages through people search with the Next button and opens a profile", async () => {
      const profiles = Array.from({ length: 7 }, (_, i) => ({
        publicId: `dev-${i}`,
        name: `Dev ${i}`,
        headline: `Backend Developer ${i}`,
        location: "Lyon, France",
        company: "Nordwerk",
        openToWork: i === 5,
        about: `About dev ${i}`,
      }));
      const { context, page } = await openSession({ variant, profiles, birthdays: [], search: { pageSize: 3 } });
      try {
        await page.goto(`${sim.url}/search/results/people/?keywords=developer&origin=FACETED_SEARCH&page=1`);
        const links = async () => {
          const hrefs = await page
            .locator('main a[href*="/in/"]')
            .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
          return [...new Set(hrefs.map((href) => new URL(href).pathname))];
        };
        expect(await links()).toEqual(["/in/dev-0/", "/in/dev-1/", "/in/dev-2/"]);
        await page.getByRole("button", { name: "Next", exact: true }).click();
        await page.waitForURL(/page=2/);
        expect(await links()).toEqual(["/in/dev-3/", "/in/dev-4/", "/in/dev-5/"]);
        await page.getByRole("button", { name: "Next", exact: true }).click();
        await page.waitForURL(/page=3/);
        expect(await links()).toEqual(["/in/dev-6/"]);
        expect(await page.getByRole("button", { name: "Next", exact: true }).isDisabled()).toBe(true);

        await page.goto(`${sim.url}/in/dev-5/`);
        const name = page.getByRole("heading", { level: variant === "a" ? 1 : 2 }).first();
        expect(await name.innerText()).toBe("Dev 5");
        const main = await page.locator("main").innerText();
        for (const text of ["Backend Developer 5", "Lyon, France", "Nordwerk", "Open to work", "About dev 5"])
          expect(main).toContain(text);
        expect(sim.simulator.state.visits.map((v) => v.publicId)).toEqual(["dev-5"]);
      } finally {
        await context.close();
      }
    });
  });
}
