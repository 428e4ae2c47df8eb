import type { HttpMetrics } from "./metrics.js";

/** Counts requests in flight and records each finished one (see `HttpRequestStats`). */
export class HttpMetricsRecorder {
  readonly #metrics: HttpMetrics;

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
    this.#metrics.http.record(method, route, status, seconds);
  }
}
