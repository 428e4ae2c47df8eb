import { tempDatabase, type TempDatabase } from "@nudge/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultSettings, updateSettings } from "../settings/index.js";
import { ManualClock } from "../time/index.js";
import { DbCoordinator } from "./db-coordinator.js";
import { quotaDecision, quotaWindows, warmupCap, type QuotaLimits } from "./quota-policy.js";

const limits: QuotaLimits = { perDay: 10, perWeek: 50, perRun: 5, warmupCap: null };
const windows = quotaWindows(new Date("2026-01-14T10:00:00Z"), "Europe/Paris");

describe("quota decisions", () => {
  it("names the run first when a run is spent, with no retry time", () => {
    const d = quotaDecision({
      allowed: false,
      counts: { day: 10, week: 50, run: 5 },
      limits,
      windows,
      weekFreesAt: new Date("2026-01-20T00:00:00Z"),
    });
    expect(d).toEqual({ allowed: false, dryRun: false, remaining: { day: 0, week: 0, run: 0 }, deniedBy: "run" });
  });

  it("names the window that frees up last when the day and the week are both full", () => {
    const weekLater = new Date("2026-01-20T08:00:00Z");
    expect(
      quotaDecision({
        allowed: false,
        counts: { day: 10, week: 50, run: null },
        limits,
        windows,
        weekFreesAt: weekLater,
      }),
    ).toMatchObject({
      deniedBy: "week",
      retryAt: weekLater,
    });
    const weekSooner = new Date("2026-01-14T12:00:00Z");
    expect(
      quotaDecision({
        allowed: false,
        counts: { day: 10, week: 50, run: null },
        limits,
        windows,
        weekFreesAt: weekSooner,
      }),
    ).toMatchObject({
      deniedBy: "day",
      retryAt: new Date("2026-01-14T23:00:00Z"),
    });
  });
});

describe("warm-up cap", () => {
  const settings = (enabled: boolean) => {
    const s = defaultSettings();
    s.quotas.warmup = { enabled, startPercent: 30, days: 14 };
    return s;
  };
  const created = new Date("2026-01-01T12:00:00Z");

  it("ramps from the start percentage to the full limit, counted in the account's days", () => {
    expect(warmupCap(15, settings(true), created, new Date("2026-01-01T22:59:59Z"), "Europe/Paris")).toBe(5); // ⌈4.5⌉, day 0
    expect(warmupCap(15, settings(true), created, new Date("2026-01-01T23:00:00Z"), "Europe/Paris")).toBe(6); // day 1 in Paris: 35 %
    expect(warmupCap(15, settings(true), created, new Date("2026-01-15T12:00:00Z"), "Europe/Paris")).toBeNull();
    expect(warmupCap(15, settings(false), created, created, "Europe/Paris")).toBeNull();
  });
});

describe("account settings in a coordinator", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await tempDatabase();
  });
  afterEach(() => db.destroy());

  it("applies new limits at once after settingsChanged, despite its cache", async () => {
    const clock = new ManualClock("2026-01-14T10:00:00Z");
    const coordinator = new DbCoordinator({ db: db.db, clock, policyCacheMs: 60_000 });
    await updateSettings(db.db, 1, { quotas: { profile_visit: { perDay: 1 } } }, clock);
    expect((await coordinator.quota.reserve({ accountId: 1, action: "profile_visit" })).allowed).toBe(true);
    await updateSettings(db.db, 1, { quotas: { profile_visit: { perDay: 2 } } }, clock);
    expect((await coordinator.quota.reserve({ accountId: 1, action: "profile_visit" })).allowed).toBe(false); // cached limit
    coordinator.settingsChanged(1);
    expect((await coordinator.quota.reserve({ accountId: 1, action: "profile_visit" })).allowed).toBe(true);
    await coordinator.close();
  });
});
