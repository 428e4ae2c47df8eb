import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import { HttpRequestStats } from "./http-request-stats.js";

/**
 * prom-client exports three gauges with a `_total` suffix, which `promtool check metrics` rejects
 * (that suffix is for counters). They only repeat the sum of the per-type gauges prom-client also
 * exports (`nodejs_active_handles{type}` …), so they are dropped: `sum(nodejs_active_handles)`
 * gives the same number.
 */
const MISNAMED_DEFAULTS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

export interface HttpMetrics {
  registry: Registry;
  /** `http_requests_total`, `http_request_duration_seconds`, `http_requests_in_flight`. */
  http: HttpRequestStats;
  trpcCalls: Counter<"procedure" | "type" | "code">;
}

/** One registry per app instance (tests build many apps in one process). */
export function createMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  return {
    registry,
    http: new HttpRequestStats(registry),
    trpcCalls: new Counter({
      name: "nudge_trpc_calls_total",
      help: "tRPC procedure calls by procedure, type and result code.",
      labelNames: ["procedure", "type", "code"],
      registers: [registry],
    }),
  };
}
