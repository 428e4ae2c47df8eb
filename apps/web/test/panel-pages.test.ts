import { readFile } from "node:fs/promises";
import { AxeBuilder } from "@axe-core/playwright";
import { contacts, DEFAULT_ACCOUNT_ID } from "@nudge/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, startDemoPanel, type DemoPanel } from "../scripts/demo-panel.js";

// One server (the demo: simulator behind it), one Chromium, several pages.
let panel: DemoPanel;
let firstContactId: number;
beforeAll(async () => {
  panel = await startDemoPanel();
  // 250 people imported from the original bot, updated one second apart (keyset order is stable).
  const now = Date.now();
  const rows = await panel.demo.running.runtime.database.db
    .insert(contacts)
    .values(
      Array.from({ length: 250 }, (_, i) => ({
        accountId: DEFAULT_ACCOUNT_ID,
        profileUrl: `https://www.linkedin.com/in/imported-${i}/`,
        fullName: `Imported Person ${String(i).padStart(3, "0")}`,
        headline: i % 10 === 0 ? "Staff engineer" : "Product manager",
        source: "import" as const,
        birthMonth: (i % 12) + 1,
        birthDay: (i % 28) + 1,
        updatedAt: new Date(now - i * 1000),
      })),
    )
    .returning({ id: contacts.id });
  firstContactId = rows[0]!.id;
}, 120_000);
afterAll(async () => {
  await panel?.stop();
});

const rowsOf = (page: Page) => page.locator("table.contacts tbody tr");

describe("contacts", () => {
  it("filters, searches and pages through 250 contacts a page at a time", async () => {
    const page = await panel.page();
    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await page.getByLabel("Source").selectOption("import");
    await page.getByLabel("Per page").selectOption("100");
    const next = page.getByRole("button", { name: "Next →" });
    const previous = page.getByRole("button", { name: "← Previous" });
    const seen = new Set<string>();
    for (const expected of [100, 100, 50]) {
      await expect.poll(() => rowsOf(page).count()).toBe(expected);
      await expect.poll(() => rowsOf(page).first().textContent()).not.toBe([...seen].at(-1));
      for (const name of await rowsOf(page).locator("td:first-child").allTextContents()) seen.add(name);
      if (expected === 50) break;
      await next.click();
    }
    expect(seen.size).toBe(250);
    expect(await next.isDisabled()).toBe(true);
    await previous.click();
    await expect.poll(() => rowsOf(page).count()).toBe(100);
    expect(await page.getByText("Page 2", { exact: true }).count()).toBe(1);

    // The export takes every page of the filtered list, not only the one on screen.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = await readFile(await (await download).path(), "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]?.split(",")).toEqual([
      ...["name", "profile_url", "headline", "company", "location", "birth_month", "birth_day", "source", "status"],
      ...["fit_score", "tags", "notes", "last_interaction_at", "created_at"],
    ]);
    expect(lines).toHaveLength(251);
    expect(
      lines.filter((l) => l.startsWith("Imported Person 042,https://www.linkedin.com/in/imported-42/")),
    ).toHaveLength(1);

    await page.getByRole("searchbox", { name: "Search" }).fill("Staff engineer");
    await expect.poll(() => rowsOf(page).count()).toBe(25);
    expect(await page.getByText("Page 1", { exact: true }).count()).toBe(1);
    await page.context().close();
  });

  it("blacklists a contact and shows its interactions", async () => {
    const page = await panel.page();
    await page.goto(`${panel.url}/contacts/${firstContactId}`);
    await page.getByRole("heading", { name: /Imported Person 000/ }).waitFor();
    await page.getByRole("heading", { name: "Interactions" }).waitFor();
    await page.getByRole("button", { name: "Blacklist" }).click();
    await page.getByRole("button", { name: "Remove from blacklist" }).waitFor();
    expect(await page.getByRole("heading", { name: /Imported Person 000/ }).textContent()).toContain("blacklisted");

    await page.getByRole("link", { name: "← Contacts" }).click();
    await page.getByLabel("Status").selectOption("blacklisted");
    await expect.poll(() => rowsOf(page).allTextContents()).toEqual([expect.stringContaining("Imported Person 000")]);
    await page.context().close();
  });
});

describe("templates", () => {
  it("shows an unknown placeholder inline as it is typed, and refuses to save it", async () => {
    const page = await panel.page();
    await page.goto(`${panel.url}/settings/templates`);
    const today = page.getByRole("textbox", { name: "Messages for birthdays today" });
    await today.fill("Happy birthday {first_name}!\nHappy birthday {nickname}!");
    const problem = page.getByText(/line 2: .*\{nickname\}/);
    await problem.waitFor();
    expect(await today.getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("button", { name: "Save templates" }).click();
    expect(await problem.isVisible()).toBe(true);
    await page.getByRole("alert").filter({ hasText: "need fixing" }).waitFor();
    expect((await panel.admin.settings.get.query({})).settings.templates.today).toEqual([]);

    await today.fill("Happy birthday {first_name}!");
    await expect.poll(() => page.locator("#templates-today-preview q").textContent()).toBe("Happy birthday Ada!");
    await page.getByRole("button", { name: "Save templates" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    expect((await panel.admin.settings.get.query({})).settings.templates.today).toEqual([
      "Happy birthday {first_name}!",
    ]);
    await page.context().close();
  });
});

/** Every page a person can reach, with something on it to wait for. */
const PAGES = [
  { path: "/", ready: "Quotas" },
  { path: "/campaigns", ready: "Run history" },
  { path: "/contacts", ready: "Contacts" },
  { path: "/settings", ready: "Quotas" },
  { path: "/settings/templates", ready: "Messages for birthdays today" },
  { path: "/settings/session", ready: "Stored session" },
  { path: "/settings/selectors", ready: "Recent misses" },
  { path: "/settings/keys", ready: "Keys" },
  { path: "/settings/accounts", ready: "Accounts" },
];

describe("accessibility and layout", () => {
  it("has no serious or critical axe violation on any page, in light and dark mode", { timeout: 240_000 }, async () => {
    const runId = (await panel.admin.campaigns.startBirthday.mutate({ dryRun: true })).id;
    const pages = [
      ...PAGES,
      { path: `/campaigns/runs/${runId}`, ready: "Counters" },
      { path: `/contacts/${firstContactId}`, ready: "Interactions" },
    ];
    const found: string[][] = [];
    const signedOut = await panel.page({ key: null });
    await signedOut.getByRole("button", { name: "Sign in" }).waitFor();
    found.push(await bothSchemes(signedOut, "sign-in"));
    await signedOut.context().close();
    const page = await panel.page();
    for (const { path, ready } of pages) {
      await page.goto(`${panel.url}${path}`);
      await page.getByRole("heading", { name: ready, exact: true }).first().waitFor();
      await settled(page);
      found.push(await bothSchemes(page, path));
    }
    await page.context().close();
    expect(found.flat()).toEqual([]);
  });

  it("is usable on a 375 px phone: nothing wider than the screen", async () => {
    const page = await panel.page({
      context: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
    });
    for (const { path, ready } of PAGES) {
      await page.goto(`${panel.url}${path}`);
      await page.getByRole("heading", { name: ready, exact: true }).first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, width }).toEqual({ path, width: 375 });
    }
    await page.context().close();
  });

  it("can be used from the keyboard, with the focus always visible", async () => {
    const page = await panel.page();
    await page.getByRole("heading", { name: "Quotas" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    const outline = () => page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(await outline()).not.toBe("none");
    // Through the header to the Contacts link, then Enter.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.textContent)) === "Contacts") break;
    }
    expect(await outline()).not.toBe("none");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/contacts$/);
    await page.getByRole("heading", { name: "Contacts", exact: true }).waitFor();
    await page.context().close();
  });
});

/**
 * The page in the system's light scheme (every WCAG 2.1 A and AA rule), then in its dark one. Dark
 * mode changes colours only, so there the colour rules are what can find something new.
 */
async function bothSchemes(page: Page, where: string): Promise<string[]> {
  await page.emulateMedia({ colorScheme: "light" });
  const light = await violations(page, `${where} (light)`);
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await violations(page, `${where} (dark)`, ["color-contrast", "link-in-text-block"]);
  await page.emulateMedia({ colorScheme: "light" });
  return [...light, ...dark];
}

async function violations(page: Page, where: string, rules?: string[]): Promise<string[]> {
  const axe = new AxeBuilder({ page });
  const result = await (
    rules ? axe.withRules(rules) : axe.withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
  ).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
