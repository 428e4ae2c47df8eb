import { randomUUID } from "node:crypto";
import { startRedisServer, tempDatabase, waitFor, type RedisServer, type TempDatabase } from "@nudge/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FallbackCoordinator } from "../../src/coordination/index.js";
import { newMetrics } from "./harness.js";

let redis: RedisServer;
let db: TempDatabase;
let coordinator: FallbackCoordinator | undefined;
beforeEach(async () => {
  redis = await startRedisServer();
  db = await tempDatabase();
});
afterEach(async () => {
  await coordinator?.close();
  await redis.stop();
  db.destroy();
});

const errors = async (registry: ReturnType<typeof newMetrics>["registry"]) =>
  Object.fromEntries(
    (await registry.getSingleMetric("nudge_redis_errors_total")!.get()).values.map((v) => [
      v.labels.operation,
      v.value,
    ]),
  );

describe("nudge_redis_errors_total", () => {
  it("is zero while Redis answers, then counts failed commands and connection errors once it dies", async () => {
    const { registry, metrics } = newMetrics();
    coordinator = await FallbackCoordinator.create({
      db: db.db,
      url: redis.url,
      keyPrefix: `re${randomUUID().slice(0, 8)}`,
      probeIntervalMs: 50,
      metrics,
    });
    await coordinator.events.publish("test", { hello: 1 });
    expect(await errors(registry)).toEqual({ command: 0, connection: 0 });

    await redis.kill();
    // A command while Redis is gone fails (and the coordinator falls back to the database).
    await coordinator.leases.acquire("errors-test", "me", 1_000).catch(() => undefined);
    await waitFor(
      async () => {
        const seen = await errors(registry);
        return seen.command! > 0 && seen.connection! > 0;
      },
      { what: "both kinds of Redis error to be counted" },
    );
    expect(coordinator.health().status).toBe("degraded");
  });
});
