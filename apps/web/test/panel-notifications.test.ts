import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, startDemoPanel, type DemoPanel } from "../scripts/demo-panel.js";

// The Notifications and Page checks pages, in real Chromium against the built panel served by the
// real server (the simulator behind it), with a real webhook receiver on 127.0.0.1.
const TOKEN = "panel-hook-token-5f0c2a";
const SIGNING = "whsec_panel_signing_secret_9b1e";

let panel: DemoPanel;
let receiver: Server;
let hookUrl = "";
const bodies: { body: string; signature: string | undefined }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push({ body, signature: req.headers["x-nudge-signature"] as string | undefined });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${TOKEN}`;
  // The daily check stays off: this test asks for one when it wants one.
  panel = await startDemoPanel({ env: { PAGE_CHECK: "off" } });
}, 120_000);

afterAll(async () => {
  await panel?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

const secretsIn = (html: string) => [TOKEN, SIGNING].filter((s) => html.includes(s));

describe("notifications page", () => {
  it("lets an admin create a webhook channel, send a test and see it delivered; the secret never comes back", async () => {
    const page = await panel.page();
    await page.getByRole("link", { name: "Notifications", exact: true }).click();
    await page.getByRole("heading", { name: "Channels" }).waitFor();
    await page.getByText("No channel yet").waitFor();
    await page.getByRole("button", { name: "New channel" }).click();

    // The form checks with the API's own schema before sending: a short signing secret is refused inline.
    await page.getByLabel("Name", { exact: true }).fill("ops hook");
    await page.getByLabel("URL", { exact: true }).fill(hookUrl);
    await page.getByLabel("Signing secret").fill("short");
    await page.getByRole("button", { name: "Create channel" }).click();
    await page.getByRole("alert").filter({ hasText: "Check the fields" }).waitFor();
    expect(await page.getByLabel("Signing secret").getAttribute("aria-invalid")).toBe("true");
    expect(await panel.admin.notifications.channels.query({})).toEqual([]);

    await page.getByLabel("Signing secret").fill(SIGNING);
    await page.getByRole("button", { name: "Create channel" }).click();
    await page.getByRole("status").filter({ hasText: "“ops hook” created" }).waitFor();
    await page.getByRole("cell", { name: "ops hook", exact: true }).waitFor();
    expect(secretsIn(await page.content())).toEqual([]);

    await page.getByRole("button", { name: "Send test to ops hook" }).click();
    const row = page.locator("tr[data-delivery]").filter({ hasText: "ops hook" });
    await row.getByText("delivered", { exact: true }).waitFor({ timeout: 30_000 });
    // Delivered at the first try: no failed attempt.
    expect(await row.locator("td").nth(3).textContent()).toBe("0");
    expect(bodies.find((b) => b.body.includes('"type":"test"'))?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    // Changing the channel shows its name and events, never its secret, and keeps the target unless asked.
    await page.getByRole("button", { name: "Change ops hook" }).click();
    await page.getByRole("heading", { name: "Change “ops hook”" }).waitFor();
    await page.getByRole("checkbox", { name: "Daily digest" }).check();
    await page.getByRole("button", { name: "Save channel" }).click();
    await page.getByRole("status").filter({ hasText: "saved" }).waitFor();
    expect((await panel.admin.notifications.channels.query({}))[0]?.events).toContain("digest.daily");
    expect(secretsIn(await page.content())).toEqual([]);
    await page.context().close();
  }, 90_000);

  it("shows a viewer the delivery history and no control", async () => {
    const page = await panel.page({ key: await panel.createKey("viewer") });
    await page.goto(`${panel.url}/notifications`);
    await page.getByRole("heading", { name: "Delivery history" }).waitFor();
    await page.locator("tbody").getByText("delivered", { exact: true }).first().waitFor();
    expect(await page.getByRole("heading", { name: "Channels" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /New channel|Send test|Change|Delete/ }).count()).toBe(0);
    expect(secretsIn(await page.content())).toEqual([]);

    await page.getByRole("link", { name: "Page checks", exact: true }).click();
    await page.getByRole("heading", { name: "Page checks", exact: false }).first().waitFor();
    await settled(page);
    expect(await page.getByRole("button", { name: "Check the pages now" }).count()).toBe(0);
    await page.context().close();
  });

  it("offers an operator a check on demand (it acts on nothing, like starting a run)", async () => {
    const page = await panel.page({ key: await panel.createKey("operator") });
    await page.goto(`${panel.url}/page-checks`);
    await page.getByRole("button", { name: "Check the pages now" }).waitFor();
    await page.context().close();
  });
});

describe("page checks page", () => {
  it("runs a read-only check on demand and lists it: its pages, its drift keys, their artifacts", async () => {
    const page = await panel.page();
    await page.goto(`${panel.url}/page-checks`);
    await page.getByText("No check yet").waitFor();
    await page.getByRole("button", { name: "Check the pages now" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Check #\d+ finished/ })
      .waitFor({ timeout: 120_000 });
    // The demo's LinkedIn is healthy, its own profile included: no drift.
    const [healthy] = await panel.admin.pageChecks.list.query({});
    expect(healthy).toMatchObject({ status: "ok", driftKeys: [], errorCode: null });

    // Then a page the catalog cannot read any more: the card shows the drift and its artifacts.
    panel.demo.sim.simulator.setFaults({ selectorDrift: "birthday.card.date_text" });
    await page.getByRole("button", { name: "Check the pages now" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Check #${(healthy?.id ?? 0) + 1} finished` })
      .waitFor({ timeout: 120_000 });
    panel.demo.sim.simulator.setFaults({ selectorDrift: null });
    const [check] = await panel.admin.pageChecks.list.query({});
    expect(check).toMatchObject({ status: "drift", driftKeys: ["birthday.card.date_text"] });
    const card = page.getByRole("article", { name: `Check #${check?.id} ${check?.status}` });
    await card.getByRole("table", { name: `Pages opened by check #${check?.id}` }).waitFor();
    expect(await card.getByRole("row").count()).toBe((check?.pages.length ?? 0) + 1);
    for (const key of check?.driftKeys ?? []) expect(await card.getByText(key, { exact: true }).count()).toBe(2);
    // Each page with drift links what it looked like, served by /artifacts to the signed-in person.
    for (const p of check?.pages.filter((p) => p.artifacts?.screenshot) ?? []) {
      const link = card.getByRole("link", { name: `Screenshot of ${p.page}` });
      const href = await link.getAttribute("href");
      expect(href).toBe(`/${p.artifacts?.screenshot}`);
      expect((await page.request.get(`${panel.url}${href}`)).status()).toBe(200);
    }
    await page.context().close();
  }, 270_000);
});

describe("accessibility and layout of the new pages", () => {
  const PAGES = [
    { path: "/notifications", ready: "Delivery history" },
    { path: "/page-checks", ready: /^Check #\d+/ },
  ];

  it("has no serious or critical axe violation, for an admin (with the form open) and a viewer, light and dark", async () => {
    const found: string[][] = [];
    const admin = await panel.page();
    for (const { path, ready } of PAGES) {
      await admin.goto(`${panel.url}${path}`);
      await admin.getByRole("heading", { name: ready }).first().waitFor();
      await settled(admin);
      found.push(await bothSchemes(admin, path));
    }
    await admin.goto(`${panel.url}/notifications`);
    await admin.getByRole("button", { name: "New channel" }).click();
    await admin.getByLabel("Kind").selectOption("email");
    await admin.getByRole("button", { name: "Create channel" }).click();
    await admin.getByRole("alert").filter({ hasText: "Check the fields" }).waitFor();
    found.push(await bothSchemes(admin, "/notifications (e-mail form with errors)"));
    await admin.context().close();

    const viewer = await panel.page({ key: await panel.createKey("viewer") });
    for (const { path, ready } of PAGES) {
      await viewer.goto(`${panel.url}${path}`);
      await viewer.getByRole("heading", { name: ready }).first().waitFor();
      await settled(viewer);
      found.push(await bothSchemes(viewer, `${path} (viewer)`));
    }
    await viewer.context().close();
    expect(found.flat()).toEqual([]);
  }, 120_000);

  it("fits a 375 px phone and is reachable from the keyboard", async () => {
    const page = await panel.page({
      context: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
    });
    for (const { path, ready } of PAGES) {
      await page.goto(`${panel.url}${path}`);
      await page.getByRole("heading", { name: ready }).first().waitFor();
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, width }).toEqual({ path, width: 375 });
    }
    await page.context().close();

    const desk = await panel.page();
    await desk.getByRole("heading", { name: "Quotas" }).waitFor();
    for (let i = 0; i < 12; i++) {
      await desk.keyboard.press("Tab");
      if ((await desk.evaluate(() => document.activeElement?.textContent)) === "Notifications") break;
    }
    await desk.keyboard.press("Enter");
    await desk.waitForURL(/\/notifications$/);
    await desk.getByRole("button", { name: "New channel" }).focus();
    await desk.keyboard.press("Enter");
    await desk.getByRole("heading", { name: "New channel" }).waitFor();
    await desk.context().close();
  });
});

/** As in panel-pages.test.ts: every WCAG 2.1 A/AA rule in light mode, the colour rules again in dark mode. */
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
