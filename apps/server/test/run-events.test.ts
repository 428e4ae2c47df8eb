import { createServer, Socket, type Server } from "node:net";
import { createClient } from "@nudge/client";
import { startSimulator, type RunningSimulator } from "@nudge/linkedin-sim";
import { chromiumPath, freePort, startRedisServer, type RedisServer, INSTANT_SETTINGS } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

const COOKIE = "AQEDAliveEventsSimulatedCookie0123456789abcdXYZ";
const FAST = INSTANT_SETTINGS;

interface EventSeen {
  id: string;
  seq: number;
  type: string;
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({
    port: await freePort(),
    scenario: {
      cookie: COOKIE,
      birthdays: Array.from({ length: 6 }, (_, i) => ({
        name: `Friend ${i} Live`,
        publicId: `friend-${i}-live`,
        when: "today" as const,
      })),
    },
  });
});
afterAll(() => sim.close());

/** Follows a run's events through the typed client until `run.finished`; resolves with what arrived. */
function follow(url: string, runId: number, lastEventId?: number): Promise<EventSeen[]> {
  const client = createClient({ url, apiKey: ADMIN_KEY });
  const seen: EventSeen[] = [];
  return new Promise((resolve, reject) => {
    const subscription = client.campaigns.runs.events.subscribe(
      { runId, lastEventId },
      {
        onData: ({ id, data }) => {
          seen.push({ id, seq: data.seq, type: data.type });
          if (data.type === "run.finished") {
            subscription.unsubscribe();
            resolve(seen);
          }
        },
        onError: reject,
      },
    );
  });
}

async function prepare(server: TestServer): Promise<void> {
  const admin = server.client(ADMIN_KEY);
  await admin.settings.update.mutate({ patch: FAST });
  await admin.accounts.uploadSession.mutate({ session: COOKIE, check: false });
}

function expectInOrderFromOne(events: EventSeen[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.map((e) => e.id)).toEqual(events.map((e) => String(e.seq)));
  expect(events[0]!.type).toBe("run.queued");
  expect(events.at(-1)!.type).toBe("run.finished");
}

/**
 * A TCP relay in front of the server whose open connections can be cut, as a flaky network or a
 * proxy restart would.
 */
async function startRelay(target: URL): Promise<{ url: string; cut(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = new Socket();
    outbound.connect(Number(target.port), target.hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      return n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("live run events over SSE", () => {
  it("delivers every event of a run in order to a typed-client subscriber in the same process, and resumes from an event id", async () => {
    const server = await startTestServer({ LINKEDIN_BASE_URL: sim.url, CHROMIUM_PATH: chromiumPath() });
    try {
      await prepare(server);
      const run = await server.client(ADMIN_KEY).campaigns.startBirthday.mutate({ dryRun: true });
      const all = await follow(server.url, run.id);
      expectInOrderFromOne(all);
      expect(all.filter((e) => e.type === "contact.dry_run")).toHaveLength(6);
      // A subscriber that saw up to 3 gets exactly the rest.
      const rest = await follow(server.url, run.id, 3);
      expect(rest.map((e) => e.seq)).toEqual(all.slice(3).map((e) => e.seq));
    } finally {
      await server.stop();
    }
  });

  it("resumes after a dropped connection without loss or repeat", async () => {
    const server = await startTestServer({ LINKEDIN_BASE_URL: sim.url, CHROMIUM_PATH: chromiumPath() });
    const relay = await startRelay(new URL(server.url));
    try {
      await prepare(server);
      const run = await server.client(ADMIN_KEY).campaigns.startBirthday.mutate({ dryRun: true });
      const following = follow(relay.url, run.id);
      // Cut the stream a few times while the run goes on.
      let cuts = 0;
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 700));
        cuts += relay.cut() > 0 ? 1 : 0;
      }
      const events = await following;
      expect(cuts).toBeGreaterThan(0);
      expectInOrderFromOne(events);
    } finally {
      await relay.close();
      await server.stop();
    }
  });

  it("delivers a worker's events to a subscriber of another process sharing Redis and the database", async () => {
    const redis: RedisServer = await startRedisServer();
    const api = await startTestServer({
      ROLE: "api",
      REDIS_URL: redis.url,
      LINKEDIN_BASE_URL: sim.url,
      CHROMIUM_PATH: chromiumPath(),
    });
    const worker = await startTestServer({
      ROLE: "worker",
      REDIS_URL: redis.url,
      DATABASE_URL: `file:${api.dataDir}/nudge.db`,
      LINKEDIN_BASE_URL: sim.url,
      CHROMIUM_PATH: chromiumPath(),
    });
    try {
      await prepare(api);
      const run = await api.client(ADMIN_KEY).campaigns.startBirthday.mutate({ dryRun: true });
      const events = await follow(api.url, run.id);
      expectInOrderFromOne(events);
      expect(events.find((e) => e.type === "run.started")).toBeDefined();
    } finally {
      await worker.stop();
      await api.stop();
      await redis.stop();
    }
  });
});
