import type { Server } from "node:http";
import { asc, eq, runEvents } from "@nudge/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startDemoPanel, type DemoPanel } from "../scripts/demo-panel.js";

// One server (the demo: simulator behind it), one Chromium, several pages.
let panel: DemoPanel;
beforeAll(async () => {
  panel = await startDemoPanel();
}, 120_000);
afterAll(async () => {
  await panel?.stop();
});

const gauge = (page: Page, name: string) => page.getByRole("meter", { name, exact: true });
const meterValue = async (page: Page, name: string) => Number(await gauge(page, name).getAttribute("aria-valuenow"));

async function startRun(page: Page, dryRun: boolean): Promise<number> {
  await page.getByRole("link", { name: "Campaigns", exact: true }).click();
  const dry = page.getByRole("checkbox", { name: /Dry run/ });
  // Dry run is on by default: a person has to choose a real run.
  expect(await dry.isChecked()).toBe(true);
  if (!dryRun) await dry.uncheck();
  await page.getByRole("button", { name: dryRun ? "Start dry run" : "Start birthday run" }).click();
  await page.waitForURL(/\/campaigns\/runs\/\d+$/);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

async function waitForRunEnd(runId: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const run = await panel.admin.campaigns.runs.get.query({ runId });
    if (!["queued", "running", "cancelling"].includes(run.status)) return;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("signing in", () => {
  it("refuses a wrong key with the API's message and code, then lets the right one in", async () => {
    const page = await panel.page({ key: null });
    await page.getByLabel("API key").fill("nudge_not_the_right_key_000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("invalid or revoked API key");
    expect(await alert.textContent()).toContain("UNAUTHORIZED");
    await page.getByLabel("API key").fill(ADMIN_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /Overview/ }).waitFor();
    // The key itself is not kept by the browser: only an httpOnly session cookie.
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([["nudge_panel", true, "Strict"]]);
    expect(JSON.stringify(cookies)).not.toContain(ADMIN_KEY);
    expect(await page.evaluate(() => JSON.stringify(localStorage) + document.cookie)).not.toContain(ADMIN_KEY);
    await page.context().close();
  });
});

describe("campaigns", () => {
  // A whole run in a real browser against the simulator: a minute or more on a busy machine.
  it("starts a dry run, shows its events as they arrive, then its report", { timeout: 180_000 }, async () => {
    const page = await panel.page();
    const runId = await startRun(page, true);
    const log = page.getByRole("log", { name: "Run events" });
    // Events arrive while the run is still going: the page is never reloaded.
    await log.locator("[data-event-type='run.started']").waitFor();
    const whileRunning = await panel.admin.campaigns.runs.get.query({ runId });
    const seenEarly = await log.locator("li").count();
    expect(["queued", "running"]).toContain(whileRunning.status);
    // The connection drops mid-run (the server cuts every connection, as a restarting proxy
    // would): the browser reconnects from the last event it saw, and the log carries on without
    // a gap or a repeat.
    const resumed = page.waitForRequest(
      async (r) => r.url().includes("campaigns.runs.events") && (await r.allHeaders())["last-event-id"] !== undefined,
    );
    (panel.demo.running.server as Server).closeAllConnections();
    await resumed;
    await log.locator("[data-event-type='run.finished']").waitFor({ timeout: 90_000 });
    expect(await log.locator("li").count()).toBeGreaterThan(seenEarly);
    const shown = (
      await log
        .locator("li")
        .evaluateAll((items) => (items as unknown as PageElement[]).map((li) => li.getAttribute("data-seq")))
    ).map(Number);
    const logged = await panel.demo.running.runtime.database.db
      .select({ seq: runEvents.seq, level: runEvents.level })
      .from(runEvents)
      .where(eq(runEvents.runId, runId))
      .orderBy(asc(runEvents.seq));
    expect(shown).toEqual(logged.filter((e) => e.level !== "debug").map((e) => e.seq));
    expect(await log.locator("[data-event-type='contact.dry_run']").count()).toBeGreaterThan(0);

    const report = page.getByRole("table").filter({ hasText: "Message or reason" });
    await expect.poll(() => report.locator("tr[data-outcome='dry_run']").count()).toBeGreaterThan(0);
    expect(await report.locator("tr[data-outcome='dry_run']").first().textContent()).toMatch(/Happy birthday|Joyeux/);
    expect(
      await report.locator("tr[data-outcome='skipped']").filter({ hasText: "not a connection" }).count(),
    ).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: /Report \(dry run: nothing was sent\)/ }).count()).toBe(1);
    const sim = (await (await fetch(`${panel.demo.sim.url}/__sim/state`)).json()) as { sent: unknown[] };
    expect(sim.sent).toEqual([]);
    await page.context().close();
  });

  it(
    "starts a real run, and the overview's counters and quota gauges move without a reload",
    { timeout: 180_000 },
    async () => {
      const page = await panel.page();
      const today = "birthday message, Today";
      await gauge(page, today).waitFor();
      const before = await meterValue(page, today);
      const runId = await startRun(page, false);
      await page.getByRole("link", { name: "Overview", exact: true }).click();
      const current = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Current run" }) });
      await expect
        .poll(() => current.locator("[data-counter='sent']").textContent(), { timeout: 90_000 })
        .toMatch(/^[1-9]/);
      await expect.poll(() => meterValue(page, today), { timeout: 30_000 }).toBeGreaterThan(before);
      await page.context().close();
      await waitForRunEnd(runId);
    },
  );
});

describe("the LinkedIn session", () => {
  it("takes pasted cookies, stores them and checks them live", async () => {
    const page = await panel.page();
    await page.goto(`${panel.url}/settings/session`);
    await page.getByLabel("Or paste it").fill("AQEDAdemoSimulatedLinkedInSessionCookie0123456789");
    await page.getByRole("button", { name: "Upload and check" }).click();
    const status = page.getByRole("status").filter({ hasText: "Stored" });
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toMatch(/Stored 1 cookies .*Live check: valid/);
    await page.context().close();
  });
});

describe("roles and forgery", () => {
  it("shows a viewer no operator or admin control, and the API refuses a forged mutation", async () => {
    const page = await panel.page({ key: await panel.createKey("viewer") });
    await page.getByRole("heading", { name: /Overview/ }).waitFor();
    await page.getByRole("heading", { name: "Circuit breaker" }).waitFor();
    expect(await page.getByRole("button", { name: "Reset breaker" }).count()).toBe(0);

    await page.getByRole("link", { name: "Campaigns", exact: true }).click();
    await page.getByRole("heading", { name: "Run history" }).waitFor();
    await page
      .getByRole("link", { name: /^birthday #\d+$/ })
      .first()
      .waitFor();
    expect(await page.getByRole("heading", { name: "Start a run" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Start/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Save" }).count()).toBe(0);

    await page
      .getByRole("link", { name: /^birthday #\d+$/ })
      .first()
      .click();
    await page.getByRole("heading", { name: "Counters" }).waitFor();
    expect(await page.getByRole("button", { name: "Cancel run" }).count()).toBe(0);

    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByRole("heading", { name: "Quotas" }).waitFor();
    expect(await page.getByRole("button", { name: /Save/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "API keys" }).count()).toBe(0);
    await page.goto(`${panel.url}/settings/session`);
    await page.getByRole("heading", { name: "Stored session" }).waitFor();
    expect(await page.getByRole("button", { name: /Upload|Check now/ }).count()).toBe(0);

    // The same request the operator's button sends, forged from the viewer's own page.
    const forged = await page.evaluate(async () => {
      const res = await fetch("/trpc/campaigns.startBirthday", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { dryRun: true } }),
      });
      return { status: res.status, body: (await res.json()) as { error: { json: { data: { code: string } } } } };
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.json.data.code).toBe("FORBIDDEN");
    await page.context().close();
  });

  it("refuses a cross-site POST that carries the session cookie", async () => {
    const page = await panel.page();
    // Another origin on the same host: the browser counts it as the same site and sends the
    // SameSite=Strict cookie, so only the server's Origin check stands in the way.
    const evil = "http://127.0.0.1:9/attack";
    const action = `${panel.url}/trpc/keys.create`;
    await page.route(evil, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<form id="f" method="post" enctype="multipart/form-data" action="${action}">
          <input name="name" value="planted"><input name="role" value="admin"></form>
          <script>document.getElementById("f").submit()</script>`,
      }),
    );
    const answered = page.waitForResponse(action);
    await page.goto(evil);
    const response = await answered;
    expect(response.request().headers().cookie ?? (await response.request().allHeaders()).cookie).toContain(
      "nudge_panel=",
    );
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("cross-site request refused");
    const keys = await panel.admin.keys.list.query();
    expect(keys.map((k) => k.name)).not.toContain("planted");
    await page.context().close();
  });
});

// Last in this file: it gets this address throttled for a minute.
describe("guessing keys", () => {
  it("is slowed down: after ten wrong keys the sign-in form says so, with the API's code", async () => {
    const page = await panel.page({ key: null });
    const key = page.getByLabel("API key");
    const alert = page.getByRole("alert");
    for (let i = 0; i < 10; i++) {
      await key.fill(`nudge_guess_${i}_0000000000000000`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => alert.textContent()).toMatch(/UNAUTHORIZED|TOO_MANY_ATTEMPTS/);
    }
    await key.fill(ADMIN_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => alert.textContent()).toContain("TOO_MANY_ATTEMPTS");
    expect(await alert.textContent()).toMatch(/too many failed authentications; retry in \d+ s/);
    await page.context().close();
  });
});
