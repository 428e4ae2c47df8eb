import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@nudge/testing";
import type { Clock } from "../../src/index.js";
import { CALLER, startCampaignHarness, type CampaignHarness } from "./harness.js";

// A clock that follows real time from a chosen wall-clock moment, and can be moved forward while a
// run is going on: the run's working-hours gate before every action reads it.
const realStart = Date.now();
const day = new Date(realStart);
const tenUtc = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10, 0, 0);
let offsetMs = tenUtc - realStart;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

let h: CampaignHarness;
beforeAll(async () => {
  // A lease far longer than the jump below, so moving the clock never makes the run look abandoned.
  h = await startCampaignHarness({ nudge: { clock, worker: { pollMs: 200, leaseMs: 4 * 3_600_000 } } });
});
afterAll(() => h.close());

describe("a birthday run reaching the end of working hours", () => {
  it("stops cleanly before its next message, succeeded with the reason, and sends nothing after", async () => {
    const accountId = await h.account(
      { workingHours: { start: "09:00", end: "11:00" }, pacing: { birthdayDelaySeconds: { min: 1, max: 1 } } },
      { timezone: "UTC" },
    );
    await h.scenario({
      birthdays: Array.from({ length: 6 }, (_, i) => ({
        name: `Late Day${i}`,
        publicId: `window-${i}`,
        when: "today" as const,
      })),
    });
    const started = await h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
    await waitFor(async () => (await h.simState()).sent.length >= 1, { timeoutMs: 60_000, what: "a first message" });
    // 11:00:01 in the account's zone: the working day is over.
    offsetMs = tenUtc + 3_601_000 - Date.now();
    const run = await h.finished(started.id);

    expect(run.status).toBe("succeeded");
    expect(run.errorCode).toBe("OUTSIDE_WORKING_HOURS");
    const sent = (await h.simState()).sent;
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThan(6);
    expect(run.counters).toMatchObject({ sent: sent.length });
    // Nothing is typed after the stop, however long one waits.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await h.simState()).sent).toHaveLength(sent.length);
  });
});
