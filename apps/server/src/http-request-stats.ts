import { Counter, Gauge, Histogram, type Registry } from "prom-client";

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Methods × matched routes × statuses stays far below this; a flood of odd methods stops here. */
const MAX_SERIES = 5_000;

type Labels = "method" | "route" | "status";

/**
 * `http_requests_total`, `http_request_duration_seconds` and `http_requests_in_flight`, through
 * prom-client's own metric types. The labelled histogram child of each (method, route, status) is
 * kept in a map, so a request costs one lookup and one observation (prom-client still validates
 * and hashes the labels on every `observe`, even through a child). What a scrape does instead of
 * each request: the counter is filled from the histogram's per-series counts, and the in-flight
 * gauge reads a plain integer.
 */
export class HttpRequestStats {
  readonly #duration: Histogram<Labels>;
  readonly #series = new Map<string, Histogram.Internal<Labels>>();
  #inFlight = 0;

  constructor(registry: Registry) {
    const inFlight = () => this.#inFlight;
    new Gauge({
      name: "http_requests_in_flight",
      help: "HTTP requests being served.",
      registers: [registry],
      collect() {
        this.set(inFlight());
      },
    });
    const duration = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route and status.",
      labelNames: ["method", "route", "status"],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.#duration = duration;
    new Counter({
      name: "http_requests_total",
      help: "HTTP requests by method, route and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
      async collect() {
        // The same numbers as the histogram's `_count` series, under the name dashboards expect.
        this.reset();
        for (const { metricName, labels, value } of (await duration.get()).values) {
          if (metricName === "http_request_duration_seconds_count") this.inc(labels as Record<Labels, string>, value);
        }
      },
    });
  }

  begin(): void {
    this.#inFlight++;
  }

  end(): void {
    this.#inFlight--;
  }

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let series = this.#series.get(key);
    if (!series) {
      if (this.#series.size >= MAX_SERIES) return;
      series = this.#duration.labels({ method, route, status: String(status) });
      this.#series.set(key, series);
    }
    series.observe(seconds);
  }
}
