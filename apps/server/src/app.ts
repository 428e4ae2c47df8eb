import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import type { ApiServices } from "@nudge/api";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { Logger } from "pino";
import type { HttpMetrics } from "./metrics.js";
import { evaluateReadiness, type ReadinessCheck } from "./readiness.js";
import { requestHeader, requestLog, stampedHeaders, stampHeaders, type Env } from "./request-context.js";
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

const HEALTH_BODY = JSON.stringify({ status: "ok" });

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MACHINE_PATHS: ReadonlySet<string> = new Set(["/health", "/ready", "/metrics"]);

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

  const httpMetrics = metrics.http;

  // One middleware, outermost, for what every request needs: its id, timing, metrics, the access
  // log line and the response headers. (A layer per concern costs a promise hop each.)
  //
  // Response headers are stamped after the handler. Hot handlers (probes, tRPC queries) build
  // their responses with the headers already in place (`stampedHeaders`), because touching a
  // finished response's headers makes @hono/node-server build a full WHATWG Headers object, a
  // large share of a fast request's cost. The route label is the matched pattern, never the raw
  // path (unbounded label values would grow the registry forever).
  app.use("*", async (c, next) => {
    const started = performance.now();
    const incoming = requestHeader(c, "x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    httpMetrics.begin();
    try {
      await next();
    } finally {
      httpMetrics.end();
    }
    const path = c.req.path;
    const machine = MACHINE_PATHS.has(path);
    if (!c.get("stamped")) {
      const set = machine ? "machine" : path.startsWith(`${TRPC_ENDPOINT}/`) ? "api" : "document";
      try {
        stampHeaders(c.res.headers, requestId, set);
      } catch {
        c.res = new Response(c.res.body, c.res); // immutable headers (a fetched Response)
        stampHeaders(c.res.headers, requestId, set);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const routePath = c.req.routePath;
    const route = routePath && routePath !== "*" && routePath !== "/*" ? routePath : "unmatched";
    const status = c.res.status;
    httpMetrics.record(c.req.method, route, status, seconds);
    // Probes and scrapes every few seconds would drown the log; they log at debug.
    const level = machine ? "debug" : "info";
    if (deps.log.isLevelEnabled(level)) {
      requestLog(c, deps.log)[level]({ method: c.req.method, path, status, ms: Math.round(seconds * 1000) }, "request");
    }
  });

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
    requestLog(c, deps.log).error({ err: error }, "unhandled error");
    return c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500);
  });

  /** Liveness: the process answers. No I/O, so a slow database never restarts the pod. */
  app.get("/health", (c) => new Response(HEALTH_BODY, { headers: stampedHeaders(c, "application/json", "machine") }));

  /** Readiness: database reachable, migrations applied, Redis when configured. */
  app.get("/ready", async (c) => {
    const readiness = await evaluateReadiness(deps.readiness);
    return c.json(readiness, readiness.status === "not_ready" ? 503 : 200);
  });

  // Compared as SHA-256 digests: equal lengths for timingSafeEqual, whatever the header holds.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  const expectedAuth = deps.metricsToken ? digest(`Bearer ${deps.metricsToken}`) : undefined;
  app.get("/metrics", async (c) => {
    if (expectedAuth) {
      if (!timingSafeEqual(digest(c.req.header("authorization") ?? ""), expectedAuth)) {
        return c.text("unauthorized\n", 401, { "www-authenticate": "Bearer" });
      }
    }
    return c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });

  if (deps.serveApi) {
    const limitBody = bodyLimit({
      maxSize: deps.bodyLimitBytes,
      onError: (c) => c.json({ error: { code: "PAYLOAD_TOO_LARGE", message: `request body over ${deps.bodyLimitBytes} bytes` } }, 413),
    });
    // Only requests that can carry a body: touching the body of a GET makes @hono/node-server
    // build a full WHATWG Request, which was the largest single cost of a query.
    app.use(`${TRPC_ENDPOINT}/*`, (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));
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
