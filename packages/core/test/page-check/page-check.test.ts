import { existsSync } from "node:fs";
import { join } from "node:path";
import { eq, notificationEvents } from "@nudge/db";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLER, startCampaignHarness, type CampaignHarness } from "../campaigns/harness.js";
import { settled, startReceiver, type WebhookReceiver } from "../notifications/harness.js";

const ME = { name: "Alex Martin", publicId: "alex-martin" };
const SCENARIO = {
  me: ME,
  profiles: [
    { ...ME, headline: "Head of Partnerships at Nudge", location: "Paris", company: "Nudge", degree: 1 as const },
  ],
  birthdays: [
    { name: "Jane Doe", publicId: "jane-doe", when: "today" as const, connection: true },
    { name: "Tom Becker", publicId: "tom-becker", when: "today" as const, connection: false },
  ],
};

let h: CampaignHarness;
let receiver: WebhookReceiver;
const registry = new Registry();

beforeAll(async () => {
  receiver = await startReceiver();
  h = await startCampaignHarness({
    nudge: {
      registry,
      pageChecks: { firstKeyTimeoutMs: 8_000, keyTimeoutMs: 1_500 },
      notifications: { sender: { pollMs: 50 } },
    },
  });
  await h.nudge.notifications.create(
    {
      accountId: 1,
      name: "ops",
      target: { kind: "webhook", secret: { url: `${receiver.url}/ops`, signingSecret: "0123456789abcdef0123" } },
    },
    CALLER,
  );
}, 120_000);

afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

async function metricValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))?.value;
}

describe("the daily read-only page check", () => {
  it.each(["a", "b", "c"] as const)(
    "on a healthy simulator (variant %s) finds no drift and acts on nothing",
    async (variant) => {
      await h.scenario({ ...SCENARIO, variant });
      const before = await h.nudge.selectors.list({});
      const check = await h.nudge.pageChecks.run(1, CALLER);
      expect(check.errorMessage).toBeNull();
      expect(check.status).toBe("ok");
      expect(check.driftKeys).toEqual([]);
      expect(check.pages.map((p) => [p.page, p.outcome])).toEqual([
        ["feed", "ok"],
        ["birthdays", "ok"],
        ["messaging", "ok"],
        ["own_profile", "ok"],
        ["search", "ok"],
      ]);
      expect(check.pages.find((p) => p.page === "birthdays")?.resolved).toContain("birthday.card.date_text");
      const state = await h.simState();
      expect(state.invitations).toHaveLength(0);
      expect(state.sent).toHaveLength(0);
      expect(state.honeypotClicks).toBe(0);
      expect(state.visits.filter((v) => v.publicId !== ME.publicId)).toHaveLength(0);
      // Nothing learned, no counter moved.
      expect(await h.nudge.selectors.list({})).toEqual(before);
      expect(await metricValue("nudge_page_check_total", { page: "birthdays", outcome: "ok" })).toBeGreaterThan(0);
    },
    120_000,
  );

  it("a page switched so one catalog key cannot resolve: drift for exactly that key, with artifacts and a notification", async () => {
    await h.scenario({ ...SCENARIO, faults: { selectorDrift: "birthday.card.date_text" } });
    const check = await h.nudge.pageChecks.run(1, CALLER);
    expect(check.status).toBe("drift");
    expect(check.driftKeys).toEqual(["birthday.card.date_text"]);
    const birthdays = check.pages.find((p) => p.page === "birthdays");
    expect(birthdays?.outcome).toBe("drift");
    expect(check.pages.filter((p) => p.outcome !== "ok").map((p) => p.page)).toEqual(["birthdays"]);
    for (const file of [birthdays?.artifacts?.screenshot, birthdays?.artifacts?.html]) {
      expect(file).toBeTruthy();
      expect(existsSync(join(h.dataDir, file ?? "missing"))).toBe(true);
    }
    expect(await metricValue("nudge_selector_drift", { key: "birthday.card.date_text" })).toBe(1);
    expect(await metricValue("nudge_page_check_total", { page: "birthdays", outcome: "drift" })).toBe(1);
    const [event] = await h.db.db
      .select()
      .from(notificationEvents)
      .where(eq(notificationEvents.type, "selector.drift"));
    expect(event?.data).toMatchObject({ checkId: check.id, keys: ["birthday.card.date_text"] });
    expect((await settled(h.nudge, event?.id ?? 0))[0]?.status).toBe("delivered");
    const body = receiver.accepted.find((r) => r.body.includes("selector.drift"))?.body ?? "{}";
    expect(JSON.parse(body)).toMatchObject({ type: "selector.drift", data: { keys: ["birthday.card.date_text"] } });
    expect((await h.nudge.pageChecks.list({ accountId: 1, limit: 1 }))[0]?.driftKeys).toEqual([
      "birthday.card.date_text",
    ]);
    const state = await h.simState();
    expect(state.invitations).toHaveLength(0);
    expect(state.sent).toHaveLength(0);
  }, 120_000);

  it("an own profile that does not exist is a page not checked, never drift", async () => {
    await h.scenario({ ...SCENARIO, faults: { ownProfileNotFound: true } });
    const check = await h.nudge.pageChecks.run(1, CALLER);
    expect(check.status).toBe("failed");
    expect(check.errorCode).toBe("PAGE_NOT_CHECKED");
    expect(check.errorMessage).toMatch(/^own_profile: the page does not exist \(HTTP 404\)/);
    expect(check.driftKeys).toEqual([]);
    expect(check.pages.map((p) => [p.page, p.outcome])).toEqual([
      ["feed", "ok"],
      ["birthdays", "ok"],
      ["messaging", "ok"],
      ["own_profile", "error"],
      ["search", "ok"],
    ]);
    const ownProfile = check.pages.find((p) => p.page === "own_profile");
    expect(ownProfile).toMatchObject({ resolved: [], missing: [], artifacts: null });
    const drift = await h.db.db.select().from(notificationEvents).where(eq(notificationEvents.type, "selector.drift"));
    expect(drift.filter((e) => (e.data as { checkId?: number }).checkId === check.id)).toEqual([]);
  }, 120_000);

  it("the demo's scenario (no profile listed for the member) is healthy: the own profile is served", async () => {
    await h.scenario({ variant: "c", birthdays: SCENARIO.birthdays });
    const check = await h.nudge.pageChecks.run(1, CALLER);
    expect(check.errorMessage).toBeNull();
    expect(check.status).toBe("ok");
    expect(check.driftKeys).toEqual([]);
    expect(check.pages.find((p) => p.page === "own_profile")).toMatchObject({
      url: `${h.sim.url}/in/alex-martin/`,
      outcome: "ok",
      resolved: ["profile.top_card", "profile.name", "profile.headline"],
    });
  }, 120_000);

  it("a restriction met during the check trips the breaker like any other", async () => {
    await h.scenario({ ...SCENARIO, faults: { restricted: true } });
    const check = await h.nudge.pageChecks.run(1, CALLER);
    expect(check.status).toBe("failed");
    expect(check.errorCode).toBe("LINKEDIN_RESTRICTED");
    expect(check.pages.map((p) => p.outcome)).toEqual(["signal"]);
    const breaker = await h.nudge.coordinator.breaker.state(1);
    expect(breaker).toMatchObject({ state: "open", hard: true });
    // While it is open, the next check leaves LinkedIn alone.
    const requests = (await h.simState()) as unknown as { requests: number };
    const skipped = await h.nudge.pageChecks.run(1, CALLER);
    expect(skipped.errorCode).toBe("BREAKER_OPEN");
    expect(((await h.simState()) as unknown as { requests: number }).requests).toBe(requests.requests);
    await h.nudge.coordinator.breaker.reset(1, { reason: "test", by: "test" });
  }, 120_000);
});
