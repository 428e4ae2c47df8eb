import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { eq, notificationEvents } from "@nudge/db";
import { waitFor } from "@nudge/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  CALLER,
  settled,
  startNotifyHarness,
  startReceiver,
  type NotifyHarness,
  type WebhookReceiver,
} from "./harness.js";

const CHILD = fileURLToPath(new URL("./notify-child.ts", import.meta.url));
let h: NotifyHarness | undefined;
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  await h?.close();
  await receiver?.close();
});

/** Runs the child until it printed "changed" (and, with a sender, until the receiver got the request), then SIGKILLs it. */
async function killAfterChange(harness: NotifyHarness, keyHex: string, sender: boolean, r: WebhookReceiver) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=@nudge/source",
      CHILD,
      JSON.stringify({ dbUrl: harness.db.fileUrl, keyHex, sender, dataDir: harness.dataDir }),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  await waitFor(() => out.includes("changed"), { timeoutMs: 120_000, what: "the child's state change" });
  if (sender) await waitFor(() => r.received.length > 0, { timeoutMs: 30_000, what: "the child's delivery attempt" });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
}

describe("a worker killed between the state change and the delivery", () => {
  it.each([
    ["before its sender claimed the delivery", false],
    ["while its sender waited on the receiver", true],
  ])(
    "delivers after restart, once (%s)",
    async (_label, withSender) => {
      const keyHex = randomBytes(32).toString("hex");
      h = await startNotifyHarness({ keyHex, nudge: { notifications: { sender: { pollMs: 50, leaseMs: 1_000 } } } });
      receiver = await startReceiver();
      receiver.hang = withSender;
      await h.nudge.notifications.create(
        {
          accountId: 1,
          name: "ops",
          target: { kind: "webhook", secret: { url: `${receiver.url}/ops`, signingSecret: "0123456789abcdef0123" } },
        },
        CALLER,
      );
      await killAfterChange(h, keyHex, withSender, receiver);
      const [event] = await h.db.db
        .select()
        .from(notificationEvents)
        .where(eq(notificationEvents.type, "breaker.opened"));
      expect(event).toBeDefined();
      receiver.hang = false;
      await h.nudge.startBackground({ notifications: true });
      const [delivery] = await settled(h.nudge, event?.id ?? 0);
      expect(delivery?.status).toBe("delivered");
      expect(receiver.accepted).toHaveLength(1);
      expect(JSON.parse(receiver.accepted[0]?.body ?? "{}")).toMatchObject({
        type: "breaker.opened",
        id: `evt_${event?.id}`,
      });
    },
    180_000,
  );
});
