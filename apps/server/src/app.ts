import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import type { ApiServices } from "@nudge/api";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { HttpMetrics } from "./metrics.js";
import { evaluateReadiness, type ReadinessCheck } from "./readiness.js";
import { handleTrpc, TRPC_ENDPOINT } from "./trpc-handler.js";

export interface AppDeps {
  services: ApiServices;
  log: Logger;
  metrics: HttpMetrics;
  readiness: readonly ReadinessCheck[];
  /** Serve tRPC (roles all and api); a worker only answers probes and metrics. */
  serveApi: boolean;
  bodyLimitBytes: number;
  allowedOrigins: readonly string[];
  metricsToken?: string | undefined;
  /** Folder of the built control panel; served when it holds an index.html. */
  webDir?: string | undefined;
}

type Env = { Variables: { requestId: string; log: Logger } };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function clientAddress(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}

/** Builds the HTTP app without listening; `main.ts` serves it, tests build as many as they like. */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { metrics } = deps;

  // Request id first, so every later log line and the response carry it.
  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    c.set("log", deps.log.child({ reqId: requestId }));
    await next();
    // Set after the handler: a Response returned as-is (tRPC's) does not carry c.header() values.
    try {
      c.res.headers.set("x-request-id", requestId);
    } catch {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("x-request-id", requestId);
    }
  });

  // Access log and HTTP metrics. The route label is the matched pattern, never the raw path
  // (unbounded label values would grow the registry forever).
  app.use("*", async (c, next) => {
    const started = performance.now();
    metrics.inFlight.inc();
    try {
      await next();
    } finally {
      metrics.inFlight.dec();
      const seconds = (performance.now() - started) / 1000;
      const route = c.req.routePath && c.req.routePath !== "*" && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
      const labels = { method: c.req.method, route, status: String(c.res.status) };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, seconds);
      const path = c.req.path;
      // Probes and scrapes every few seconds would drown the log; they log at debug.
      const level = path === "/health" || path === "/ready" || path === "/metrics" ? "debug" : "info";
      c.get("log")[level]({ method: c.req.method, path, status: c.res.status, ms: Math.round(seconds * 1000) }, "request");
    }
  });

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  if (deps.allowedOrigins.length > 0) {
    app.use(
      "*",
      cors({
        origin: deps.allowedOrigins.includes("*") ? "*" : [...deps.allowedOrigins],
        allowHeaders: ["content-type", "x-api-key", "trpc-accept", "x-trpc-source", "x-request-id"],
        exposeHeaders: ["x-request-id", "retry-after"],
        allowMethods: ["GET", "POST", "OPTIONS"],
        maxAge: 600,
      }),
    );
  }

  app.onError((error, c) => {
    c.get("log").error({ err: error }, "unhandled error");
    return c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500);
  });

  /** Liveness: the process answers. No I/O, so a slow database never restarts the pod. */
  app.get("/health", (c) => c.json({ status: "ok" }));

  /** Readiness: database reachable, migrations applied, Redis when configured. */
  app.get("/ready", async (c) => {
    const readiness = await evaluateReadiness(deps.readiness);
    return c.json(readiness, readiness.status === "not_ready" ? 503 : 200);
  });

  app.get("/metrics", async (c) => {
    if (deps.metricsToken) {
      const auth = c.req.header("authorization") ?? "";
      const { timingSafeEqual, createHash } = await import("node:crypto");
      const digest = (s: string) => createHash("sha256").update(s).digest();
      if (!timingSafeEqual(digest(auth), digest(`Bearer ${deps.metricsToken}`))) {
        return c.text("unauthorized\n", 401, { "www-authenticate": "Bearer" });
      }
    }
    return c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });

  if (deps.serveApi) {
    app.use(
      `${TRPC_ENDPOINT}/*`,
      bodyLimit({
        maxSize: deps.bodyLimitBytes,
        onError: (c) =>
          c.json({ error: { code: "PAYLOAD_TOO_LARGE", message: `request body over ${deps.bodyLimitBytes} bytes` } }, 413),
      }),
    );
    app.all(`${TRPC_ENDPOINT}/*`, (c) => {
      const ip = clientAddress(c);
      const waitMs = deps.services.authFailures.retryAfterMs(ip);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        return c.json({ error: { code: "TOO_MANY_ATTEMPTS", message: `too many failed authentications; retry in ${seconds} s` } }, 429, {
          "retry-after": String(seconds),
        });
      }
      return handleTrpc(c, deps.services, ip);
    });
  }

  const webDir = deps.webDir ? resolve(deps.webDir) : undefined;
  if (webDir && existsSync(join(webDir, "index.html"))) {
    const indexHtml = readFileSync(join(webDir, "index.html"), "utf8");
    app.use("/*", serveStatic({ root: webDir }));
    // Client-side routes fall back to the SPA shell; API-looking paths keep their 404.
    app.get("*", (c) => (c.req.path.startsWith(TRPC_ENDPOINT) ? c.notFound() : c.html(indexHtml)));
  }

  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: "not found" } }, 404));
  return app;
}
