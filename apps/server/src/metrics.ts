import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * prom-client exports three gauges with a `_total` suffix, which `promtool check metrics` rejects
 * (that suffix is for counters). They only repeat the sum of the per-type gauges prom-client also
 * exports (`nodejs_active_handles{type}` …), so they are dropped: `sum(nodejs_active_handles)`
 * gives the same number.
 */
const MISNAMED_DEFAULTS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

export interface HttpMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route" | "status">;
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
    requests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests by method, route and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
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
