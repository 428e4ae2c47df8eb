import type { Counter, Histogram } from "prom-client";
import type { HttpMetrics } from "./metrics.js";

/**
 * Records one request in the HTTP counter and histogram. Label children are cached per
 * (method, route, status): prom-client hashes a label object on every call otherwise, and the
 * combinations are few because the route label is the matched pattern.
 */
export class HttpMetricsRecorder {
  readonly #metrics: HttpMetrics;
  readonly #children = new Map<string, { count: ReturnType<Counter["labels"]>; duration: ReturnType<Histogram["labels"]> }>();

  constructor(metrics: HttpMetrics) {
    this.#metrics = metrics;
  }

  /** In-flight requests: a plain integer the gauge reads at scrape time, not two updates a request. */
  begin(): void {
    this.#metrics.inFlightSource.count++;
  }

  end(): void {
    this.#metrics.inFlightSource.count--;
  }

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let child = this.#children.get(key);
    if (!child) {
      const labels = { method, route, status: String(status) };
      child = { count: this.#metrics.requests.labels(labels), duration: this.#metrics.duration.labels(labels) };
      // A bounded set: methods × routes × statuses; guard anyway against a flood of odd methods.
      if (this.#children.size < 5_000) this.#children.set(key, child);
    }
    child.count.inc();
    child.duration.observe(seconds);
  }
}
