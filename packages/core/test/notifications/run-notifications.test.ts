import { and, eq, notificationEvents } from "@nudge/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLER, startCampaignHarness, type CampaignHarness } from "../campaigns/harness.js";
import { settled, startReceiver, type WebhookReceiver } from "./harness.js";

let h: CampaignHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startReceiver();
  h = await startCampaignHarness({
    nudge: { notifications: { sender: { pollMs: 50, baseDelayMs: 50, maxDelayMs: 200, maxAgeMs: 1_500 } } },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

async function eventOf(accountId: number, type: "run.finished" | "run.failed") {
  return h.db.db
    .select()
    .from(notificationEvents)
    .where(and(eq(notificationEvents.accountId, accountId), eq(notificationEvents.type, type)))
    .get();
}

describe("notifications around runs", () => {
  it("a receiver down for longer than the bound ends in the dead letter; the run goes on and succeeds", async () => {
    const accountId = await h.account();
    await h.nudge.notifications.create(
      {
        accountId,
        name: "down",
        events: ["run.finished", "run.failed"],
        target: { kind: "webhook", secret: { url: `${receiver.url}/down`, signingSecret: "0123456789abcdef0123" } },
      },
      CALLER,
    );
    receiver.down = true;
    await h.scenario({ birthdays: [{ name: "Jane Doe", publicId: "jane-doe", when: "today", connection: true }] });
    const run = await h.run(accountId, { dryRun: true });
    expect(run.status).toBe("succeeded");
    const event = await eventOf(accountId, "run.finished");
    expect(event?.data).toMatchObject({ runId: run.id, kind: "birthday", status: "succeeded" });
    const [delivery] = await settled(h.nudge, event?.id ?? 0);
    expect(delivery?.status).toBe("dead");
    expect(delivery?.attempts).toBeGreaterThan(1);
    expect(delivery?.lastError).toMatch(/answered HTTP 500/);
    expect(receiver.accepted).toHaveLength(0);
    receiver.down = false;
  }, 180_000);

  it("a run that fails on a logged-out session tells 'run failed' and 'session expired'", async () => {
    const accountId = await h.account();
    await h.nudge.notifications.create(
      {
        accountId,
        name: "up",
        target: { kind: "webhook", secret: { url: `${receiver.url}/up`, signingSecret: "0123456789abcdef0123" } },
      },
      CALLER,
    );
    await h.setFaults({ expiredSession: true });
    const run = await h.run(accountId, { dryRun: true });
    await h.setFaults({ expiredSession: false });
    expect(run.status).toBe("failed");
    const failed = await eventOf(accountId, "run.failed");
    expect(failed?.data).toMatchObject({ runId: run.id, status: "failed" });
    await settled(h.nudge, failed?.id ?? 0);
    const types = receiver.accepted
      .filter((r) => r.path.startsWith("/up"))
      .map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types).toContain("run.failed");
    const expired = await h.db.db
      .select()
      .from(notificationEvents)
      .where(and(eq(notificationEvents.accountId, accountId), eq(notificationEvents.type, "session.expired")))
      .all();
    expect(expired).toHaveLength(1);
    // Only failures by default: a success is opt-in.
    expect(await eventOf(accountId, "run.finished")).toBeUndefined();
  }, 180_000);
});
