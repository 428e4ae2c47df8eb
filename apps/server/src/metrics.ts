import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { HttpRequestStats } from "./http-request-stats.js";

/**
 * prom-client exports three gauges with a `_total` suffix, which `promtool check metrics` rejects
 * (that suffix is for counters). They only repeat the sum of the per-type gauges prom-client also
 * exports (`nodejs_active_handles{type}` …), so they are dropped: `sum(nodejs_active_handles)`
 * gives the same number.
 */
const MISNAMED_DEFAULTS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

export interface HttpMetrics {
  registry: Registry;
  /** `http_requests_total` and `http_request_duration_seconds`. */
  http: HttpRequestStats;
  inFlight: Gauge;
  /** Where the in-flight gauge reads its value at scrape time (set by the HTTP middleware). */
  inFlightSource: { count: number };
  trpcCalls: Counter<"procedure" | "type" | "code">;
}

/** One registry per app instance (tests build many apps in one process). */
export function createMetrics(): HttpMetrics {
  const registry = new Registry();
  const inFlightSource = { count: 0 };
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  return {
    registry,
    http: new HttpRequestStats(registry),
    inFlight: new Gauge({
      name: "http_requests_in_flight",
      help: "HTTP requests being served.",
      registers: [registry],
      collect() {
        this.set(inFlightSource.count);
      },
    }),
    inFlightSource,
    trpcCalls: new Counter({
      name: "nudge_trpc_calls_total",
      help: "tRPC procedure calls by procedure, type and result code.",
      labelNames: ["procedure", "type", "code"],
      registers: [registry],
    }),
  };
}
