/**
 * A separate OS process for the concurrency tests. It starts once per test file and then runs
 * one scenario per command, each with its own database connection (and its own Redis
 * connection), like a real worker process:
 *
 *   stdin  {json config}  → opens its connections → stdout "ready"
 *   stdin  go             → runs the scenario      → stdout {json result}, then closes them
 *
 *   node --import tsx --conditions=@nudge/source coordination-worker.ts
 */
import { createInterface } from "node:readline";
import { createDatabase } from "@nudge/db";
import { Registry } from "prom-client";
import {
  createCoordinationMetrics,
  DbCoordinator,
  FallbackCoordinator,
  RedisCoordinator,
  type Coordinator,
  type QuotaDecision,
} from "../../src/coordination/index.js";
import { NudgeError } from "../../src/errors/index.js";
import { ManualClock, systemClock, type Clock } from "../../src/time/index.js";

export interface WorkerConfig {
  backend: "db" | "redis" | "fallback";
  dbUrl: string;
  redisUrl?: string;
  keyPrefix?: string;
  accountId: number;
  /** A fixed instant for the clock; the real clock when absent. */
  clock?: string;
  scenario: "burst" | "churn" | "stream" | "probe" | "open-hard";
  /** burst / probe: requests fired at once; churn / stream: requests in flight at a time. */
  concurrency: number;
  /** churn: rounds; stream: stop after this many refusals. */
  rounds?: number;
}

async function open(
  config: WorkerConfig,
  clock: Clock,
  registry: Registry,
): Promise<{ coordinator: Coordinator; close: () => Promise<void> }> {
  const handle = await createDatabase({ url: config.dbUrl });
  const common = { db: handle.db, clock, policyCacheMs: 60_000, metrics: createCoordinationMetrics(registry) };
  let coordinator: Coordinator;
  if (config.backend === "db") coordinator = new DbCoordinator(common);
  // 8 workers firing 500 scripts each at once on a small, shared machine can queue a script for
  // longer than the production default of 1 s: these tests are about atomicity, not latency.
  else if (config.backend === "redis")
    coordinator = await RedisCoordinator.connect({
      ...common,
      url: config.redisUrl!,
      keyPrefix: config.keyPrefix,
      commandTimeoutMs: 15_000,
    });
  else
    coordinator = await FallbackCoordinator.create({
      ...common,
      url: config.redisUrl!,
      keyPrefix: config.keyPrefix,
      probeIntervalMs: 100,
    });
  return {
    coordinator,
    close: async () => {
      await coordinator.close();
      handle.close();
    },
  };
}

async function run(config: WorkerConfig, coordinator: Coordinator): Promise<Record<string, unknown>> {
  const reserve = () => coordinator.quota.reserve({ accountId: config.accountId, action: "profile_visit" });
  switch (config.scenario) {
    case "burst": {
      const decisions = await Promise.all(Array.from({ length: config.concurrency }, reserve));
      return {
        admitted: decisions.filter((d) => d.allowed).map((d) => d.reservationId),
        denied: decisions.filter((d) => !d.allowed).length,
      };
    }
    case "churn": {
      // Reserve, then commit or refund at random; refunded units go back into play at once.
      const committed: string[] = [];
      let refunded = 0;
      let admitted = 0;
      for (let round = 0; round < (config.rounds ?? 10); round++) {
        await Promise.all(
          Array.from({ length: config.concurrency }, async () => {
            const decision = await reserve();
            if (!decision.allowed) return;
            admitted++;
            if (Math.random() < 0.5) {
              await coordinator.quota.refund(decision.reservationId!);
              refunded++;
            } else {
              await coordinator.quota.commit(decision.reservationId!);
              committed.push(decision.reservationId!);
            }
          }),
        );
      }
      return { admitted, refunded, committed };
    }
    case "stream": {
      // Keeps `concurrency` reservations in flight until `rounds` refusals were seen.
      const admitted: string[] = [];
      let denied = 0;
      let failed = 0;
      const limit = config.rounds ?? 50;
      await Promise.all(
        Array.from({ length: config.concurrency }, async () => {
          while (denied < limit) {
            let decision: QuotaDecision;
            try {
              decision = await reserve();
            } catch {
              failed++;
              continue;
            }
            if (decision.allowed) admitted.push(decision.reservationId!);
            else denied++;
          }
        }),
      );
      return { admitted, denied, failed, health: coordinator.health() };
    }
    case "probe": {
      const permits = await Promise.all(
        Array.from({ length: config.concurrency }, () => coordinator.breaker.permit(config.accountId)),
      );
      return { allowed: permits.filter((p) => p.allowed).length };
    }
    case "open-hard": {
      const state = await coordinator.breaker.recordFailure(
        config.accountId,
        new NudgeError("LINKEDIN_CHECKPOINT", "security check page"),
      );
      return { state };
    }
  }
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function nextLine(): Promise<string> {
  const line = await lines.next();
  if (line.done) process.exit(0);
  return line.value.trim();
}

process.stdout.write("up\n");
for (;;) {
  const config = JSON.parse(await nextLine()) as WorkerConfig;
  const registry = new Registry();
  const clock = config.clock ? new ManualClock(config.clock) : systemClock;
  const { coordinator, close } = await open(config, clock, registry);
  process.stdout.write("ready\n");
  while ((await nextLine()) !== "go");
  const started = performance.now();
  const result = await run(config, coordinator);
  const elapsedMs = Math.round(performance.now() - started);
  const fallbacks = (await registry.getSingleMetric("nudge_coordinator_fallbacks_total")?.get())?.values[0]?.value ?? 0;
  await close();
  process.stdout.write(`${JSON.stringify({ ...result, fallbacks, elapsedMs })}\n`);
}
