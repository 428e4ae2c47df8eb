import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BirthdaysPage } from "../../src/browser/pages/birthdays-page.js";
import { ProfilePage } from "../../src/browser/pages/profile-page.js";
import { SearchResultsPage } from "../../src/browser/pages/search-results-page.js";
import { detectSignals, signalFromUrl } from "../../src/browser/pages/signals.js";
import { startBrowserHarness, type BrowserHarness } from "./harness.js";

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

const FAULTS = [
  ["expiredSession", { expiredSession: true }, "LINKEDIN_LOGGED_OUT"],
  ["checkpoint", { checkpoint: true }, "LINKEDIN_CHECKPOINT"],
  ["restricted", { restricted: true }, "LINKEDIN_RESTRICTED"],
  ["weeklyLimitBanner", { weeklyLimitBanner: true }, "LINKEDIN_WEEKLY_LIMIT"],
  ["http429", { http429: true }, "LINKEDIN_RATE_LIMITED"],
  // A throttled session: every URL redirects in a loop (ERR_TOO_MANY_REDIRECTS). Not a network
  // failure to retry (LINKEDIN_UNREACHABLE): a restriction signal.
  ["redirectLoop", { redirectLoop: true }, "LINKEDIN_RATE_LIMITED"],
  // A chain through /checkpoint/ that lands on a normal-looking feed is still a checkpoint.
  ["checkpointRedirect", { checkpointRedirect: true }, "LINKEDIN_CHECKPOINT"],
] as const;

describe.each([
  ["en", "a"],
  ["fr", "b"],
  ["en", "c"],
] as const)("signals (locale %s, DOM variant %s)", (locale, variant) => {
  it.each(FAULTS)("the %s fault raises its typed error on every page object", async (_name, faults, code) => {
    await h.scenario({ locale, variant, faults });
    const { page } = await h.session();
    const { engine } = h.engine();
    await expect(new BirthdaysPage(page, { engine, baseUrl: h.sim.url }).goto()).rejects.toMatchObject({
      code,
      kind: "unavailable",
    });
    await expect(
      new SearchResultsPage(page, { engine, baseUrl: h.sim.url }).goto({ keywords: "engineer" }),
    ).rejects.toMatchObject({ code });
    await expect(new ProfilePage(page, { engine, baseUrl: h.sim.url }).visit("camille-durand")).rejects.toMatchObject({
      code,
    });
  });

  it("a missing or wrong li_at cookie is a login redirect: LINKEDIN_LOGGED_OUT", async () => {
    await h.scenario({ locale, variant });
    const { page } = await h.session({ cookie: "AQEDAwrongCookieValue000000000000000" });
    const { engine } = h.engine();
    await expect(new BirthdaysPage(page, { engine, baseUrl: h.sim.url }).goto()).rejects.toMatchObject({
      code: "LINKEDIN_LOGGED_OUT",
    });
  });

  it("a healthy page raises nothing", async () => {
    await h.scenario({ locale, variant });
    const { page } = await h.session();
    const { engine } = h.engine();
    const response = await page.goto(`${h.sim.url}/feed/`);
    await expect(detectSignals(page, { response, engine })).resolves.toBeUndefined();
  });
});

describe("signals", () => {
  it("a 429 that starts mid-run is caught on the next navigation", async () => {
    await h.scenario({ locale: "en", variant: "a" });
    const { page } = await h.session();
    const { engine } = h.engine();
    const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url });
    await birthdays.goto();
    await h.setFaults({ http429: true });
    await expect(birthdays.goto()).rejects.toMatchObject({ code: "LINKEDIN_RATE_LIMITED", details: { status: 429 } });
  });

  it("a slow page still loads within the navigation timeout", async () => {
    await h.scenario({ locale: "en", variant: "b", faults: { slowMs: 800 } });
    const { page } = await h.session();
    const { engine } = h.engine();
    const birthdays = new BirthdaysPage(page, { engine, baseUrl: h.sim.url, navigationTimeoutMs: 20_000 });
    await birthdays.goto();
    expect((await birthdays.scan({ settleMs: 2_500, stablePasses: 1 })).length).toBeGreaterThan(0);
  });

  it("a page slower than the navigation timeout is LINKEDIN_UNREACHABLE (transient)", async () => {
    await h.scenario({ locale: "en", variant: "a", faults: { slowMs: 3_000 } });
    const { page } = await h.session();
    const { engine } = h.engine();
    await expect(
      new BirthdaysPage(page, { engine, baseUrl: h.sim.url, navigationTimeoutMs: 500 }).goto(),
    ).rejects.toMatchObject({ code: "LINKEDIN_UNREACHABLE" });
  });

  it.each([
    ["https://www.linkedin.com/uas/login?session_redirect=x", "LINKEDIN_LOGGED_OUT"],
    ["https://www.linkedin.com/login", "LINKEDIN_LOGGED_OUT"],
    ["https://www.linkedin.com/authwall?trk=x", "LINKEDIN_LOGGED_OUT"],
    ["https://www.linkedin.com/checkpoint/challenge/AgF?ut=1", "LINKEDIN_CHECKPOINT"],
    ["https://www.linkedin.com/checkpoint/rm/restricted", "LINKEDIN_RESTRICTED"],
    ["https://www.linkedin.com/feed/", null],
    ["https://www.linkedin.com/in/login-expert/", null],
  ])("reads %s as %s", (url, code) => {
    expect(signalFromUrl(url)).toBe(code);
  });
});
