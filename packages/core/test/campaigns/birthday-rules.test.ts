import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@nudge/testing";
import { CALLER, startCampaignHarness, type CampaignHarness } from "./harness.js";

let h: CampaignHarness;
beforeAll(async () => {
  h = await startCampaignHarness();
});
afterAll(() => h.close());

const today = (n: number, prefix = "p") =>
  Array.from({ length: n }, (_, i) => ({
    name: `Person${i} ${prefix.toUpperCase()}`,
    publicId: `${prefix}-${i}`,
    when: "today" as const,
  }));

async function used(accountId: number): Promise<number> {
  const overview = await h.nudge.accounts.overview(accountId);
  return overview.actions.find((a) => a.action === "birthday_message")!.windows.find((w) => w.window === "day")!.used;
}

describe("birthday runs keep to the rules", () => {
  it("sends no more than the daily limit and reports the rest as quota-limited", async () => {
    const accountId = await h.account({ quotas: { birthday_message: { perDay: 3 } } });
    await h.scenario({ birthdays: today(10, "quota") });
    const run = await h.run(accountId);
    expect(run.status).toBe("succeeded");
    expect((await h.simState()).sent).toHaveLength(3);
    expect(run.counters).toMatchObject({ sent: 3, "skipped:quota_limited": 7 });
    expect(await used(accountId)).toBe(3);
    // The next run is refused at once: nothing left today.
    await expect(
      h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER),
    ).rejects.toMatchObject({
      code: "QUOTA_EXHAUSTED",
    });
  });

  it("dry-runs the whole flow without typing or sending, consuming no quota, and reports every would-be message", async () => {
    const accountId = await h.account();
    await h.scenario({ birthdays: today(5, "dry") });
    const run = await h.run(accountId, { dryRun: true });
    expect(run.status).toBe("succeeded");
    expect((await h.simState()).sent).toEqual([]);
    expect(await used(accountId)).toBe(0);
    const wouldBe = run.report.entries.filter((e) => e.outcome === "dry_run");
    expect(wouldBe).toHaveLength(5);
    for (const entry of wouldBe) expect(entry.text).toMatch(/birthday/i);
    // And a real run afterwards is not blocked by the dry one.
    const real = await h.run(accountId);
    expect(real.counters).toMatchObject({ sent: 5 });
  });

  for (const fault of ["weeklyLimitBanner", "checkpoint", "redirectLoop", "checkpointRedirect"] as const) {
    it(`stops at once, breaker hard open, when LinkedIn shows ${fault} mid-run`, async () => {
      const accountId = await h.account({ pacing: { birthdayDelaySeconds: { min: 1, max: 1 } } });
      await h.scenario({ birthdays: today(6, fault.toLowerCase()) });
      const run = await h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
      await waitFor(async () => (await h.simState()).sent.length >= 1, { timeoutMs: 60_000, what: "a first message" });
      await h.setFaults({ [fault]: true });
      const done = await h.finished(run.id);
      await h.setFaults({ [fault]: false });
      expect(done.status).toBe("failed");
      expect(done.errorCode).toBe("BREAKER_OPEN");
      const sentAfter = (await h.simState()).sent.length;
      expect(sentAfter).toBeLessThan(6);
      const breaker = (await h.nudge.accounts.overview(accountId)).breaker;
      expect(breaker).toMatchObject({ state: "open", hard: true });
      // No further action: a new run is refused until a person resets the breaker.
      await expect(
        h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER),
      ).rejects.toMatchObject({
        code: "BREAKER_OPEN",
      });
    });
  }

  it("marks the session expired on a login redirect, and refuses the next run with SESSION_EXPIRED", async () => {
    const accountId = await h.account();
    await h.scenario({ birthdays: today(2, "expired"), faults: { expiredSession: true } });
    const run = await h.run(accountId);
    expect(run.status).toBe("failed");
    expect(run.errorCode).toBe("SESSION_EXPIRED");
    expect((await h.nudge.sessions.status(accountId)).sessionStatus).toBe("expired");
    await expect(
      h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER),
    ).rejects.toMatchObject({
      code: "SESSION_EXPIRED",
    });
  });

  it("refuses a manual run outside working hours with OUTSIDE_WORKING_HOURS", async () => {
    const now = new Date();
    const hour = (now.getUTCHours() + 12) % 24;
    const start = `${String(hour).padStart(2, "0")}:00`;
    const end = `${String(hour).padStart(2, "0")}:30`;
    const accountId = await h.account({ workingHours: { start, end } }, { timezone: "UTC" });
    await expect(
      h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER),
    ).rejects.toMatchObject({
      code: "OUTSIDE_WORKING_HOURS",
    });
  });

  it("cancels between actions: a cancelled run stops before its next message", async () => {
    const accountId = await h.account({ pacing: { birthdayDelaySeconds: { min: 2, max: 2 } } });
    await h.scenario({ birthdays: today(5, "cancel") });
    const run = await h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
    await waitFor(async () => (await h.simState()).sent.length >= 1, { timeoutMs: 60_000, what: "a first message" });
    await h.nudge.runs.cancel(run.id, CALLER);
    const done = await h.finished(run.id);
    expect(done.status).toBe("cancelled");
    expect((await h.simState()).sent.length).toBeLessThan(5);
  });

  it("refuses a second birthday run while one is active for the account", async () => {
    const accountId = await h.account({ pacing: { birthdayDelaySeconds: { min: 1, max: 1 } } });
    await h.scenario({ birthdays: today(3, "twice") });
    const run = await h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
    await expect(
      h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER),
    ).rejects.toMatchObject({
      code: "RUN_ALREADY_ACTIVE",
    });
    await h.finished(run.id);
  });
});
