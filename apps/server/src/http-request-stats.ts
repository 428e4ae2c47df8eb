import type { Registry } from "prom-client";

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: { method: string; route: string; status: string };
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * `http_requests_total`, `http_request_duration_seconds` and `http_requests_in_flight`, recorded with a map lookup and two
 * additions per request and turned into Prometheus series only when scraped. prom-client's own
 * Counter and Histogram validate and hash the label set on every call, even through `labels()`
 * children — a visible share of a probe's cost at thousands of requests a second.
 */
export class HttpRequestStats {
  readonly #series = new Map<string, Series>();
  #inFlight = 0;

  constructor(registry: Registry) {
    // Read at scrape time: a plain integer, not two gauge updates per request.
    registry.registerMetric({
      name: "http_requests_in_flight",
      help: "HTTP requests being served.",
      type: "gauge",
      aggregator: "sum",
      get: async () => ({
        name: "http_requests_in_flight",
        help: "HTTP requests being served.",
        type: "gauge",
        aggregator: "sum",
        values: [{ labels: {}, value: this.#inFlight }],
      }),
      reset: () => undefined,
    } as never);
    const series = () => [...this.#series.values()];
    registry.registerMetric({
      name: "http_requests_total",
      help: "HTTP requests by method, route and status.",
      type: "counter",
      aggregator: "sum",
      get: async () => ({
        name: "http_requests_total",
        help: "HTTP requests by method, route and status.",
        type: "counter",
        aggregator: "sum",
        values: series().map((s) => ({ labels: s.labels, value: s.count })),
      }),
      reset: () => this.#series.clear(),
    } as never);
    registry.registerMetric({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route and status.",
      type: "histogram",
      aggregator: "sum",
      get: async () => ({
        name: "http_request_duration_seconds",
        help: "HTTP request duration by method, route and status.",
        type: "histogram",
        aggregator: "sum",
        values: series().flatMap((s) => {
          let cumulative = 0;
          const lines = BUCKETS.map((le, i) => {
            cumulative += s.buckets[i]!;
            return { labels: { ...s.labels, le }, value: cumulative, metricName: "http_request_duration_seconds_bucket" };
          });
          lines.push({ labels: { ...s.labels, le: "+Inf" as unknown as number }, value: s.count, metricName: "http_request_duration_seconds_bucket" });
          return [
            ...lines,
            { labels: s.labels, value: s.sum, metricName: "http_request_duration_seconds_sum" },
            { labels: s.labels, value: s.count, metricName: "http_request_duration_seconds_count" },
          ];
        }),
      }),
      reset: () => this.#series.clear(),
    } as never);
  }

  begin(): void {
    this.#inFlight++;
  }

  end(): void {
    this.#inFlight--;
  }

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let s = this.#series.get(key);
    if (!s) {
      // Bounded: methods × matched routes × statuses. A flood of odd methods stops adding series.
      if (this.#series.size >= 5_000) return;
      s = { labels: { method, route, status: String(status) }, buckets: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    s.buckets[i]! += 1;
    s.sum += seconds;
    s.count += 1;
  }
}
