import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthFailureLimiter } from "@nudge/core";
import type { Hono } from "hono";
import { throttledResponse } from "./auth-throttle.js";
import { clientAddress, type TrustedProxies } from "./client-address.js";
import type { HttpMetrics } from "./metrics.js";
import { evaluateReadiness, type ReadinessCheck } from "./readiness.js";
import { requestHeader, stampedHeaders, type Env } from "./request-context.js";
import type { RequestObserver } from "./request-observer.js";

const HEALTH_BODY = JSON.stringify({ status: "ok" });
const JSON_TYPE = { "content-type": "application/json" };

export interface MachineEndpointDeps {
  metrics: HttpMetrics;
  readiness: readonly ReadinessCheck[];
  metricsToken?: string | undefined;
  /** Wrong metrics tokens count against the caller's address like wrong API keys. */
  authFailures: AuthFailureLimiter;
  proxies: TrustedProxies;
}

// Compared as SHA-256 digests: equal lengths for timingSafeEqual, whatever the header holds.
const digest = (s: string) => createHash("sha256").update(s).digest();

/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive (RFC 7235). */
function bearerToken(header: string | undefined): string {
  const match = header ? /^bearer +(.*?) *$/i.exec(header) : null;
  return match ? match[1]! : "";
}

/** `/health`, `/ready` and `/metrics`: what Docker, Kubernetes and Prometheus ask. */
export function mountMachineEndpoints(app: Hono<Env>, observe: RequestObserver, deps: MachineEndpointDeps): void {
  const { metrics, authFailures, proxies } = deps;
  const machine = (route: string) => ({ route, headers: "machine", logLevel: "debug" }) as const;

  /** Liveness: the process answers. No I/O, so a slow database never restarts the pod. */
  app.get(
    "/health",
    observe(machine("/health"), (c) => new Response(HEALTH_BODY, { headers: stampedHeaders(c, "machine", JSON_TYPE) })),
  );

  /** Readiness: database reachable, migrations applied, Redis when configured. */
  app.get(
    "/ready",
    observe(machine("/ready"), async (c) => {
      const readiness = await evaluateReadiness(deps.readiness);
      return c.json(readiness, readiness.status === "not_ready" ? 503 : 200);
    }),
  );

  const expected = deps.metricsToken ? digest(deps.metricsToken) : undefined;
  app.get(
    "/metrics",
    observe(machine("/metrics"), async (c) => {
      if (expected) {
        const ip = clientAddress(c, proxies);
        const throttled = throttledResponse(c, authFailures, ip);
        if (throttled) return throttled;
        const header = requestHeader(c, "authorization");
        if (!timingSafeEqual(digest(bearerToken(header)), expected)) {
          // Only a presented token is a guess; a scraper without one is just misconfigured.
          if (header !== undefined) authFailures.recordFailure(ip);
          return c.text("unauthorized\n", 401, { "www-authenticate": "Bearer" });
        }
      }
      return c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
    }),
  );
}
