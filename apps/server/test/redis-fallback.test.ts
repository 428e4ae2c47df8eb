import { startRedisServer, waitFor, type RedisServer } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";

let redis: RedisServer;
let server: TestServer;
beforeAll(async () => {
  redis = await startRedisServer();
  server = await startTestServer({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await server?.stop();
  await redis?.stop();
});

interface Ready {
  status: string;
  checks: Record<string, { status: string; detail?: string }>;
}
const ready = async () => {
  const res = await fetch(`${server.url}/ready`);
  return { code: res.status, body: (await res.json()) as Ready };
};

describe("with REDIS_URL", () => {
  it("reports ready on Redis, degraded (still 200) on the database fall-back, and ready again when Redis returns", async () => {
    const first = await ready();
    expect(first.code).toBe(200);
    expect(first.body.status).toBe("ready");
    expect(first.body.checks.coordinator).toMatchObject({ status: "ok" });

    await redis.kill();
    // The next quota call finds Redis gone and moves to the database without refusing work.
    const coordinator = server.running.runtime.nudge.coordinator;
    const decision = await coordinator.quota.reserve({ accountId: 1, action: "profile_visit" });
    expect(decision.allowed).toBe(true);
    const degraded = await waitFor(
      async () => {
        const r = await ready();
        return r.body.status === "degraded" ? r : null;
      },
      { what: "/ready to say degraded" },
    );
    expect(degraded.code).toBe(200);
    expect(degraded.body.checks.coordinator!.detail).toMatch(/redis unavailable/);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^nudge_coordinator_fallbacks_total\S* [1-9]/m);

    await redis.restart();
    await waitFor(async () => (await ready()).body.status === "ready", {
      timeoutMs: 15_000,
      what: "/ready to recover",
    });
  });
});
