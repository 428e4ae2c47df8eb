import { checkMetrics, tempDatabase, type TempDatabase } from "@nudge/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { classifyFailure, DbCoordinator } from "../../src/coordination/index.js";
import { NudgeError } from "../../src/errors/index.js";
import { ManualClock } from "../../src/time/index.js";
import { ACCOUNT, configureAccount, newMetrics } from "./harness.js";

describe("coordination metrics", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await tempDatabase();
  });
  afterEach(() => db.destroy());

  it("reports quota usage, limits, decisions and breaker state in a form promtool accepts", async () => {
    const clock = new ManualClock("2026-01-14T10:00:00Z");
    const { registry, metrics } = newMetrics();
    await configureAccount(db.db, clock, {
      createdAt: clock.now(),
      settings: { quotas: { profile_visit: { perDay: 2 }, warmup: { enabled: true, startPercent: 50, days: 10 } } },
    });
    const coordinator = new DbCoordinator({ db: db.db, clock, metrics, policyCacheMs: 0 });
    await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
    await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
    await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit", dryRun: true });
    for (let i = 0; i < 3; i++) await coordinator.breaker.recordFailure(ACCOUNT, new Error("net::ERR_CONNECTION_RESET"));

    const text = await registry.metrics();
    expect(text).toContain('nudge_quota_used{account="1",action="profile_visit",window="day"} 1');
    expect(text).toContain('nudge_quota_limit{account="1",action="profile_visit",window="day"} 2');
    expect(text).toContain('nudge_quota_limit{account="1",action="profile_visit",window="warmup"} 1');
    expect(text).toContain('nudge_quota_limit{account="1",action="birthday_message",window="week"} 100');
    expect(text).toContain('nudge_quota_decisions_total{action="profile_visit",decision="allowed"} 1');
    expect(text).toContain('nudge_quota_decisions_total{action="profile_visit",decision="denied"} 1');
    expect(text).toContain('nudge_quota_decisions_total{action="profile_visit",decision="dry_run"} 1');
    expect(text).toContain('nudge_circuit_breaker_state{account="1"} 2');
    expect(text).toContain('nudge_circuit_breaker_trips_total{reason="transient"} 1');
    expect(text).toContain("nudge_coordinator_fallbacks_total 0");

    // The day rolls over: the scrape shows the new day's usage, not the last decision's.
    clock.set("2026-01-15T10:00:00Z");
    expect(await registry.metrics()).toContain('nudge_quota_used{account="1",action="profile_visit",window="day"} 0');

    expect(checkMetrics(text)).toEqual({ status: 0, output: "" });
    await coordinator.close();
  });
});

describe("classifyFailure", () => {
  it.each([
    ["LINKEDIN_CHECKPOINT", "restricted"],
    ["LINKEDIN_WEEKLY_LIMIT", "restricted"],
    ["LINKEDIN_RATE_LIMITED", "restricted"],
    ["LINKEDIN_RESTRICTED", "restricted"],
    ["LINKEDIN_LOGGED_OUT", "session_expired"],
    ["SESSION_EXPIRED", "session_expired"],
    ["LINKEDIN_UNREACHABLE", "transient"],
    ["BROWSER_FAILED", "transient"],
    ["SELECTOR_MISSING", "transient"],
    ["QUOTA_EXHAUSTED", "none"],
    ["VALIDATION_FAILED", "none"],
  ] as const)("treats %s as %s", (code, expected) => {
    expect(classifyFailure(new NudgeError(code, "x")).class).toBe(expected);
  });

  it("treats a restriction's code as the breaker's reason", () => {
    expect(classifyFailure(new NudgeError("LINKEDIN_CHECKPOINT", "x"))).toEqual({ class: "restricted", reason: "LINKEDIN_CHECKPOINT" });
  });

  it("treats timeouts, navigation errors and unknown errors as transient", () => {
    const timeout = Object.assign(new Error("page.goto: Timeout 30000ms exceeded."), { name: "TimeoutError" });
    expect(classifyFailure(timeout)).toEqual({ class: "transient", reason: "timeout" });
    expect(classifyFailure(new Error("page.goto: net::ERR_NAME_NOT_RESOLVED")).class).toBe("transient");
    expect(classifyFailure("surprise").class).toBe("transient");
  });

  it("passes a failure class through", () => {
    expect(classifyFailure("restricted").class).toBe("restricted");
    expect(classifyFailure("none").class).toBe("none");
  });
});
