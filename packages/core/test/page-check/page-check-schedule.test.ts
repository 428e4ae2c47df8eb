import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/index.js";
import { CALLER, startCampaignHarness, type CampaignHarness } from "../campaigns/harness.js";

// A Tuesday, 06:00 in Paris: before the account's working hours (09:00–17:00).
const clock = new ManualClock("2026-12-01T05:00:00Z");
let h: CampaignHarness;

beforeAll(async () => {
  h = await startCampaignHarness({
    nudge: { clock, pageChecks: { firstKeyTimeoutMs: 8_000, keyTimeoutMs: 1_500 } },
    settings: { workingHours: { start: "09:00", end: "17:00" } },
  });
  const me = { name: "Alex Martin", publicId: "alex-martin" };
  await h.scenario({ me, profiles: [{ ...me, headline: "Partnerships at Nudge" }] });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the page check's schedule", () => {
  it("runs once a day, at a moment inside the working hours, whatever the number of ticks", async () => {
    expect(await h.nudge.pageChecks.tick()).toBe(0);
    // The moment is drawn in the first three quarters of the window: by 15:00 it has come.
    clock.set("2026-12-01T14:00:00Z");
    expect(await h.nudge.pageChecks.tick()).toBe(1);
    expect(await h.nudge.pageChecks.tick()).toBe(0);
    const [check] = await h.nudge.pageChecks.list({ accountId: 1 });
    expect(check).toMatchObject({ scheduledDay: "2026-12-01" });
    expect(check?.status).toBe("ok");
    // After the window closes, nothing; the next day, before it opens, nothing either.
    clock.set("2026-12-01T16:30:00Z");
    expect(await h.nudge.pageChecks.tick()).toBe(0);
    clock.set("2026-12-02T07:00:00Z");
    expect(await h.nudge.pageChecks.tick()).toBe(0);
    // A manual check does not take the day's place.
    await h.nudge.pageChecks.run(1, CALLER);
    clock.set("2026-12-02T14:00:00Z");
    expect(await h.nudge.pageChecks.tick()).toBe(1);
  }, 180_000);
});
