import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import type { ApiServices } from "@nudge/api";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Logger } from "pino";
import { limitRequestBody } from "./body-limit.js";
import { TrustedProxies } from "./client-address.js";
import { MACHINE_PATHS, mountMachineEndpoints } from "./machine-endpoints.js";
import type { HttpMetrics } from "./metrics.js";
import { mountPanel } from "./panel-files.js";
import type { ReadinessCheck } from "./readiness.js";
import { requestHeader, requestLog, stampHeaders, type Env } from "./request-context.js";
import { TRPC_ENDPOINT, trpcHandler } from "./trpc-handler.js";

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
  /** `TRUST_PROXY`: reverse proxies whose X-Forwarded-For names the client. */
  trustProxy?: readonly string[] | undefined;
  /** Folder of the built control panel; served when it holds an index.html. */
  webDir?: string | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app without listening; `main.ts` serves it, tests build as many as they like. */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { metrics, services } = deps;
  const httpMetrics = metrics.http;
  const proxies = new TrustedProxies(deps.trustProxy ?? []);

  // One middleware, outermost, for what every request needs: its id, timing, metrics, the access
  // log line and the response headers. (A layer per concern costs a promise hop each.)
  //
  // Handlers that build their own response put the headers in as they do (`stampedHeaders`):
  // touching a finished response's headers makes @hono/node-server build a full WHATWG Headers
  // object, a large share of a fast request's cost. The route label is the matched pattern, never
  // the raw path (unbounded label values would grow the registry forever).
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
      const line = { method: c.req.method, path, status, ms: Math.round(seconds * 1000) };
      requestLog(c, deps.log)[level](line, "request");
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

  mountMachineEndpoints(app, {
    metrics,
    readiness: deps.readiness,
    metricsToken: deps.metricsToken,
    authFailures: services.authFailures,
    proxies,
  });

  if (deps.serveApi) {
    const limit = deps.bodyLimitBytes;
    const tooLarge = { code: "PAYLOAD_TOO_LARGE", message: `request body over ${limit} bytes` };
    app.use(`${TRPC_ENDPOINT}/*`, limitRequestBody(limit, (c) => c.json({ error: tooLarge }, 413)));
    app.all(`${TRPC_ENDPOINT}/*`, trpcHandler(services, proxies));
  }

  if (deps.webDir) mountPanel(app, resolve(deps.webDir), TRPC_ENDPOINT);

  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: "not found" } }, 404));
  return app;
}
