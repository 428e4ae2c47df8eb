import { Counter, Gauge, Histogram, type Registry } from "prom-client";

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Methods × matched routes × statuses stays far below this; a flood of odd methods stops here. */
const MAX_SERIES = 5_000;

type Labels = "method" | "route" | "status";

interface Series {
  requests: Counter.Internal;
  duration: Histogram.Internal<Labels>;
}

/**
 * `http_requests_total`, `http_request_duration_seconds` and `http_requests_in_flight`, through
 * prom-client's own metric types. The labelled children of each (method, route, status) are kept
 * in a map, so a request costs one lookup, not a `labels()` call building a child every time; the
 * in-flight count is a plain integer the gauge reads when scraped.
 */
export class HttpRequestStats {
  readonly #requests: Counter<Labels>;
  readonly #duration: Histogram<Labels>;
  readonly #series = new Map<string, Series>();
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
    this.#requests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests by method, route and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    });
    this.#duration = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route and status.",
      labelNames: ["method", "route", "status"],
      buckets: BUCKETS,
      registers: [registry],
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
      const labels = { method, route, status: String(status) };
      series = { requests: this.#requests.labels(labels), duration: this.#duration.labels(labels) };
      this.#series.set(key, series);
    }
    series.requests.inc();
    series.duration.observe(seconds);
  }
}
