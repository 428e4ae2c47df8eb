// The baseline of bench/campaign.ts: what a bare playwright-core script does for the same work, in
// a process of its own (node + playwright-core, nothing of Nudge; plain JavaScript, no loader) so
// that its memory is measured the way the server's is. Usage (from bench/campaign.ts):
//   node _bare.mjs <script> <simulator url> <chromium binary> <people> <li_at cookie> <variant a|b|c>
// Prints one JSON line: { ms, units } — launch to the last unit done (the simulator's count of
// messages sent or profiles visited).
import { URLSearchParams } from "node:url";
import { chromium } from "playwright-core";

/**
 * One bare script per campaign kind: does the work on `page` for `size` people, returns how many it did.
 * @type {Record<string, (page: import("playwright-core").Page, simUrl: string, size: number, variant: string) => Promise<number>>}
 */
const SCRIPTS = {
  /**
   * Opens the birthdays page, and for each card: Message, type, Send, wait for it in the thread,
   * close. On variant c (2026): the card's compose link, its pop-up's pre-filled box cleared and
   * typed into, Send (the pop-up closes once sent), "Not now" when asked to share one's profile.
   */
  async birthday(page, simUrl, size, variant) {
    await page.goto(`${simUrl}/mynetwork/catch-up/birthday/`, { waitUntil: "domcontentloaded" });
    for (let i = 0; i < size; i++) {
      const message =
        variant === "c"
          ? page.getByLabel(`Message Person ${i} Bench:`)
          : page.getByLabel(`Send message to Person ${i} Bench`, { exact: true });
      // Later cards load as the end of the list comes into view (variant c scrolls in <main>).
      for (let tries = 0; (await message.count()) === 0; tries++) {
        if (tries === 200) throw new Error(`no Message for Person ${i} Bench on the birthdays page`);
        if (variant === "c") await page.locator("main").evaluate((main) => main.scrollBy(0, 2000));
        else await page.mouse.wheel(0, 2000);
        await page.waitForTimeout(50);
      }
      await message.click();
      // The composer's dialog, not the share prompt that may open after it.
      const dialog = page.getByRole("dialog").filter({ has: page.getByRole("textbox") });
      const text = `Happy birthday, Person! (${i})`;
      const box = dialog.getByRole("textbox");
      if (variant === "c") await box.clear();
      await box.pressSequentially(text);
      await dialog.getByRole("button", { name: "Send", exact: true }).click();
      if (variant === "c") {
        await dialog.waitFor({ state: "detached" });
        // The share prompt follows every other message (docs/linkedin-pages.md#messaging).
        if (i % 2 === 0) await page.getByRole("button", { name: "Not now", exact: true }).click();
      } else {
        await dialog.getByText(text).waitFor();
        await dialog.getByRole("button", { name: /^Close/ }).click();
      }
    }
    /** @type {{ sent: unknown[] }} */
    const state = await (await fetch(`${simUrl}/__sim/state`)).json();
    return state.sent.length;
  },
  /**
   * Opens the people-search results (the keywords of bench/campaign.ts's sourcing criteria), page
   * after page until it has `size` profiles, then each profile: opens it, reads name and headline.
   */
  async sourcing(page, simUrl, size) {
    /** @type {string[]} */
    const people = [];
    for (let n = 1; people.length < size; n++) {
      const query = new URLSearchParams({ keywords: '"bench engineer"', page: String(n) });
      await page.goto(`${simUrl}/search/results/people/?${query.toString()}`, { waitUntil: "domcontentloaded" });
      const hrefs = await page
        .locator('main a[href*="/in/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      const found = hrefs
        .map((href) => /^\/in\/([^/]+)\/?$/.exec(new URL(href, simUrl).pathname)?.[1])
        .filter((id) => id !== undefined)
        .map((id) => decodeURIComponent(id))
        .filter((id, i, ids) => ids.indexOf(id) === i && !people.includes(id));
      if (found.length === 0) break;
      people.push(...found.slice(0, size - people.length));
    }
    for (const id of people) {
      await page.goto(`${simUrl}/in/${id}/`, { waitUntil: "domcontentloaded" });
      const main = page.locator("main");
      const name = await main
        .getByText(/^Person \d+ Bench$/)
        .first()
        .textContent();
      const headline = await main
        .getByText(/^Bench Engineer \d+ at /)
        .first()
        .textContent();
      if (!name || !headline) throw new Error(`no name or headline on ${id}'s profile`);
    }
    /** @type {{ visits: unknown[] }} */
    const state = await (await fetch(`${simUrl}/__sim/state`)).json();
    return state.visits.length;
  },
};

const [name = "", simUrl = "", executablePath = "", size = "0", cookie = "", variant = "b"] = process.argv.slice(2);
const script = SCRIPTS[name];
if (!script) throw new Error(`no bare script "${name}" (have: ${Object.keys(SCRIPTS).join(", ")})`);
const start = process.hrtime.bigint();
const browser = await chromium.launch({ executablePath, headless: true });
try {
  const context = await browser.newContext();
  await context.addCookies([{ name: "li_at", value: cookie, url: simUrl }]);
  const units = await script(await context.newPage(), simUrl, Number(size), variant);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms: elapsed, units })}\n`);
} finally {
  await browser.close();
}
