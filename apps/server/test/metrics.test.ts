import { describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";

describe("HTTP request metrics", () => {
  it("exposes cumulative buckets, sum and count per method, route and status", async () => {
    const metrics = createMetrics();
    metrics.http.record("GET", "/health", 200, 0.0004);
    metrics.http.record("GET", "/health", 200, 0.03);
    metrics.http.record("POST", "/trpc/*", 400, 12);
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_requests_total{method="GET",route="/health",status="200"} 2');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.001",method="GET",route="/health",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.025",method="GET",route="/health",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.05",method="GET",route="/health",status="200"} 2');
    expect(text).toContain('http_request_duration_seconds_bucket{le="10",method="POST",route="/trpc/*",status="400"} 0');
    expect(text).toContain('http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/trpc/*",status="400"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/health",status="200"} 2');
    expect(text).toMatch(/http_request_duration_seconds_sum\{method="GET",route="\/health",status="200"\} 0\.0304/);
    expect(text).not.toMatch(/nodejs_active_handles_total/);
  });
});
