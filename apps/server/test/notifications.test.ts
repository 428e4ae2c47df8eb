import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { waitFor } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

const SIGNING = "whsec_server_signing_secret_0123";
const TOKEN = "server-secret-hook-token";

let server: TestServer;
let receiver: Server;
let hookUrl = "";
let answer = 200;
const bodies: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${TOKEN}`;
  server = await startTestServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

describe("notifications in the server", () => {
  it("delivers from the worker role, counts it in /metrics, and never logs or shows a channel secret", async () => {
    const admin = server.client(ADMIN_KEY);
    const channel = await admin.notifications.create.mutate({
      name: "ops",
      target: { kind: "webhook", secret: { url: hookUrl, signingSecret: SIGNING } },
    });
    const { eventId } = await admin.notifications.test.mutate({ channelId: channel.id });
    await waitFor(async () => (await admin.notifications.deliveries.query({ eventId }))[0]?.status === "delivered", {
      timeoutMs: 30_000,
      what: "the test delivery",
    });
    expect(bodies.some((b) => b.includes('"type":"test"'))).toBe(true);

    // A receiver that refuses for good (404): a dead letter whose error names the host, not the token.
    answer = 404;
    const second = await admin.notifications.test.mutate({ channelId: channel.id });
    const dead = await waitFor(
      async () => {
        const [d] = await admin.notifications.deliveries.query({ eventId: second.eventId });
        return d?.status === "dead" ? d : null;
      },
      { timeoutMs: 30_000, what: "the dead letter" },
    );
    expect(dead.lastError).toMatch(/answered HTTP 404/);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('nudge_notification_deliveries_total{kind="webhook",outcome="delivered"} 1');
    expect(metrics).toContain('nudge_notification_deliveries_total{kind="webhook",outcome="dead"} 1');
    expect(metrics).toContain("# TYPE nudge_page_check_total counter");
    expect(metrics).toContain("# TYPE nudge_selector_drift gauge");

    const shown = JSON.stringify([
      channel,
      dead,
      await admin.notifications.channels.query({}),
      await admin.notifications.deliveries.query({}),
    ]);
    for (const text of [shown, server.logs.text(), metrics]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(SIGNING);
    }
    expect(server.logs.text()).toContain("notification delivered");
  }, 90_000);
});
