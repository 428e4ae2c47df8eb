import { eq, notificationEvents } from "@nudge/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, NudgeError } from "../../src/index.js";
import {
  CALLER,
  settled,
  startNotifyHarness,
  startReceiver,
  type NotifyHarness,
  type WebhookReceiver,
} from "./harness.js";

const DAY = 86_400_000;
const START = new Date(Date.now() + DAY);
const clock = new ManualClock(START);
let h: NotifyHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  h = await startNotifyHarness({ clock });
  receiver = await startReceiver();
  await h.nudge.notifications.create(
    {
      accountId: 1,
      name: "ops",
      target: { kind: "webhook", secret: { url: `${receiver.url}/ops`, signingSecret: "0123456789abcdef0123" } },
    },
    CALLER,
  );
  await h.nudge.startBackground({ notifications: true });
}, 60_000);

afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

async function eventsOf(type: string) {
  const rows = await h.db.db.select().from(notificationEvents).where(eq(notificationEvents.accountId, 1));
  return rows.filter((r) => r.type === type);
}

async function deliveredTypes(): Promise<string[]> {
  return receiver.accepted.map((r) => (JSON.parse(r.body) as { type: string }).type);
}

describe("events written with the state change that caused them", () => {
  it("a restriction opens the breaker (told once) and a reset closes it (told)", async () => {
    const restriction = new NudgeError("LINKEDIN_CHECKPOINT", "security check");
    await h.nudge.coordinator.breaker.recordFailure(1, restriction);
    await h.nudge.coordinator.breaker.recordFailure(1, restriction);
    await h.nudge.coordinator.breaker.reset(1, { reason: "solved the captcha", by: "test" });
    const [opened] = await eventsOf("breaker.opened");
    expect(await eventsOf("breaker.opened")).toHaveLength(1);
    expect(opened?.data).toMatchObject({ reason: "LINKEDIN_CHECKPOINT", hard: true });
    const [closed] = await eventsOf("breaker.closed");
    expect(closed).toBeDefined();
    await settled(h.nudge, closed?.id ?? 0);
    expect(await deliveredTypes()).toEqual(expect.arrayContaining(["breaker.opened", "breaker.closed"]));
  });

  it("a login redirect during a run says 'session expired' once, not 'breaker opened' too", async () => {
    const before = (await eventsOf("breaker.opened")).length;
    await h.nudge.coordinator.breaker.recordFailure(1, new NudgeError("LINKEDIN_LOGGED_OUT", "login page"));
    await h.nudge.coordinator.breaker.recordFailure(1, new NudgeError("LINKEDIN_LOGGED_OUT", "login page"));
    expect(await eventsOf("session.expired")).toHaveLength(1);
    expect(await eventsOf("breaker.opened")).toHaveLength(before);
    await h.nudge.coordinator.breaker.reset(1, { reason: "test", by: "test" });
  });

  it("an li_at expiring in 3 days is announced the next time the check runs, once", async () => {
    const expires = Math.floor((clock.now().getTime() + 3 * DAY) / 1000);
    await h.nudge.sessions.upload(
      1,
      [
        {
          name: "li_at",
          value: "AQEDAsecretcookievalue0123456789",
          domain: ".linkedin.com",
          path: "/",
          expirationDate: expires,
        },
      ],
      { check: false },
      CALLER,
    );
    expect(await eventsOf("session.expiring_soon")).toHaveLength(0);
    expect(await h.nudge.notificationChecks.checkSessions()).toBe(1);
    expect(await h.nudge.notificationChecks.checkSessions()).toBe(0);
    const [event] = await eventsOf("session.expiring_soon");
    expect(event?.data).toMatchObject({ daysLeft: 3 });
    await settled(h.nudge, event?.id ?? 0);
    const body = receiver.accepted.map((r) => r.body).find((b) => b.includes("expiring_soon")) ?? "";
    expect(JSON.parse(body)).toMatchObject({
      type: "session.expiring_soon",
      title: "Default: LinkedIn session expires in 3 days",
    });
    expect(body).not.toContain("AQEDAsecretcookievalue");
  });

  it("a session further than the warning window says nothing", async () => {
    const expires = Math.floor((clock.now().getTime() + 30 * DAY) / 1000);
    await h.nudge.sessions.upload(
      1,
      [
        {
          name: "li_at",
          value: "AQEDAanothercookie0123456789abc",
          domain: ".linkedin.com",
          path: "/",
          expirationDate: expires,
        },
      ],
      { check: false },
      CALLER,
    );
    expect(await h.nudge.notificationChecks.checkSessions()).toBe(0);
  });

  it("the opt-in daily digest goes once a day, after the digest hour, to channels that asked for it", async () => {
    const digest = await h.nudge.notifications.create(
      {
        accountId: 1,
        name: "digest",
        events: ["digest.daily"],
        target: { kind: "webhook", secret: { url: `${receiver.url}/digest`, signingSecret: "0123456789abcdef0123" } },
      },
      CALLER,
    );
    // 10:00 in Paris: too early.
    clock.set("2026-12-03T09:00:00Z");
    expect(await h.nudge.notificationChecks.sendDigests()).toBe(0);
    clock.set("2026-12-03T20:30:00Z");
    expect(await h.nudge.notificationChecks.sendDigests()).toBe(1);
    expect(await h.nudge.notificationChecks.sendDigests()).toBe(0);
    const [event] = await eventsOf("digest.daily");
    expect(event?.data).toMatchObject({ date: "2026-12-03", wishesSent: 0, birthdaysTomorrow: 0 });
    const [delivery] = await settled(h.nudge, event?.id ?? 0);
    expect(delivery?.channelId).toBe(digest.id);
    // The ops channel did not opt in.
    expect(await h.nudge.notifications.deliveries({ eventId: event?.id ?? 0 })).toHaveLength(1);
    await h.nudge.notifications.remove(digest.id, CALLER);
  });

  it("a scheduled run missed while no scheduler was up is told once per day", async () => {
    await h.nudge.settings.update(
      1,
      { patch: { schedules: { birthday: { enabled: true, cron: "0 * * * *" }, jitterMinutes: 0 } } },
      CALLER,
    );
    clock.advance(5 * 3_600_000);
    await h.nudge.scheduler.tick();
    const missed = await eventsOf("schedule.missed");
    expect(missed.length).toBeGreaterThanOrEqual(1);
    const days = new Set(missed.map((m) => String(m.data.fireAt).slice(0, 10)));
    expect(missed).toHaveLength(days.size);
    await h.nudge.scheduler.stop();
  });
});
