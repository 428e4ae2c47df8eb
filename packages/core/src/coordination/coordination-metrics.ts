import { Counter, Gauge, type Registry } from "prom-client";
import { QUOTA_ACTIONS } from "../settings/settings-schema.js";
import type { BreakerState } from "./coordinator.js";

export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export interface CoordinationMetrics {
  quotaUsed: Gauge<"account" | "action" | "window">;
  quotaLimit: Gauge<"account" | "action" | "window">;
  quotaDecisions: Counter<"action" | "decision">;
  breakerState: Gauge<"account">;
  breakerTrips: Counter<"reason">;
  fallbacks: Counter;
  /** Redis commands that failed (`command`) and connection errors (`connection`). */
  redisErrors: Counter<"operation">;
  /**
   * Called at scrape time to refresh the gauges from the shared stores, so every process
   * reports what all of them did (and a day that rolled over shows as zero). Set by the
   * coordinator; one refresh serves the whole scrape.
   */
  refresh?: () => Promise<void>;
}

/** The coordination metrics, registered on `registry` (one registry per app instance). */
export function createCoordinationMetrics(registry: Registry): CoordinationMetrics {
  let inFlight: Promise<void> | null = null;
  const metrics: CoordinationMetrics = {} as CoordinationMetrics;
  const refreshOnce = async () => {
    if (!metrics.refresh) return;
    // A scrape starts every collect() before awaiting any, so they all join this one refresh.
    inFlight ??= metrics.refresh().finally(() => (inFlight = null));
    await inFlight.catch(() => undefined);
  };
  Object.assign(metrics, {
    quotaUsed: new Gauge({
      name: "nudge_quota_used",
      help: "Live quota reservations per account, action and window (day, week, warmup).",
      labelNames: ["account", "action", "window"],
      registers: [registry],
      collect: refreshOnce,
    }),
    quotaLimit: new Gauge({
      name: "nudge_quota_limit",
      help: "Quota limit in force per account, action and window (day, week, warmup).",
      labelNames: ["account", "action", "window"],
      registers: [registry],
      collect: refreshOnce,
    }),
    quotaDecisions: new Counter({
      name: "nudge_quota_decisions_total",
      help: "Quota reservation decisions by action and decision (allowed, denied, dry_run).",
      labelNames: ["action", "decision"],
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: "nudge_circuit_breaker_state",
      help: "Circuit breaker state per account: 0 closed, 1 half-open, 2 open.",
      labelNames: ["account"],
      registers: [registry],
      collect: refreshOnce,
    }),
    breakerTrips: new Counter({
      name: "nudge_circuit_breaker_trips_total",
      help: "Times a circuit breaker opened, by reason (transient, restricted, session_expired).",
      labelNames: ["reason"],
      registers: [registry],
    }),
    fallbacks: new Counter({
      name: "nudge_coordinator_fallbacks_total",
      help: "Times quota and breaker calls switched from Redis to the database fallback.",
      registers: [registry],
    }),
    redisErrors: new Counter({
      name: "nudge_redis_errors_total",
      help: "Redis failures: commands that failed or timed out (command) and connection errors (connection).",
      labelNames: ["operation"],
      registers: [registry],
    }),
  });
  // The label sets alerts and panels read, at zero: a first event is then an increase.
  for (const action of QUOTA_ACTIONS)
    for (const decision of ["allowed", "denied", "dry_run"]) metrics.quotaDecisions.inc({ action, decision }, 0);
  for (const reason of ["transient", "restricted", "session_expired"]) metrics.breakerTrips.inc({ reason }, 0);
  for (const operation of ["command", "connection"]) metrics.redisErrors.inc({ operation }, 0);
  return metrics;
}
