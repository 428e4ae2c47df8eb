import { QUERY_OPERATIONS, type QueryObserver, type QueryOperation } from "@nudge/db";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
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
  /** `nudge_db_query_duration_seconds{operation}` and `nudge_db_errors_total{operation}`. */
  observeQuery: QueryObserver;
}

/**
 * Database statements by operation (select, insert, … commit): how long they take and how many
 * fail. Every operation's series exists from the start, so a first error is an increase.
 */
function databaseMetrics(registry: Registry): QueryObserver {
  const duration = new Histogram({
    name: "nudge_db_query_duration_seconds",
    help: "Database statement duration by operation (select, insert, update, delete, batch, commit, pragma, other).",
    labelNames: ["operation"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: "nudge_db_errors_total",
    help: "Database statements that failed, by operation (lock waits the writer retries are not counted).",
    labelNames: ["operation"],
    registers: [registry],
  });
  // Children resolved once: a statement's cost is one map lookup, not a label hash.
  const children = new Map(
    QUERY_OPERATIONS.map((operation) => {
      errors.inc({ operation }, 0);
      return [operation, { duration: duration.labels({ operation }), errors: errors.labels({ operation }) }];
    }),
  );
  return (operation: QueryOperation, seconds: number, failed: boolean) => {
    // Every operation has its children, made above.
    const child = children.get(operation);
    child?.duration.observe(seconds);
    if (failed) child?.errors.inc();
  };
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
    observeQuery: databaseMetrics(registry),
  };
}
