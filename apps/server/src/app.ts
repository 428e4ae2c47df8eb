import { resolve } from "node:path";
import type { ApiServices } from "@nudge/api";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Logger } from "pino";
import { ARTIFACTS_PREFIX, artifactFiles } from "./artifact-files.js";
import { limitRequestBody } from "./body-limit.js";
import { CONTACT_EXPORT_PATH, contactExport } from "./contact-export-route.js";
import { TrustedProxies } from "./client-address.js";
import { mountMachineEndpoints } from "./machine-endpoints.js";
import type { HttpMetrics } from "./metrics.js";
import { panelFallback } from "./panel-files.js";
import type { ReadinessCheck } from "./readiness.js";
import type { Env } from "./request-context.js";
import { internalError, requestObserver } from "./request-observer.js";
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
  /** Selector-miss screenshots (`<dataDir>/artifacts`), shown to signed-in viewers. */
  artifactsDir?: string | undefined;
}

/**
 * Builds the HTTP app without listening; `main.ts` serves it, tests build as many as they like.
 * Every route's handler is wrapped by the request observer (id, metrics, access log, headers); the
 * panel, or a JSON 404, answers whatever no route matched.
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { metrics, services } = deps;
  const observe = requestObserver(deps.log, metrics.http);
  const proxies = new TrustedProxies(deps.trustProxy ?? []);

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

  mountMachineEndpoints(app, observe, {
    metrics,
    readiness: deps.readiness,
    metricsToken: deps.metricsToken,
    authFailures: services.authFailures,
    proxies,
  });

  if (deps.serveApi) {
    const limit = deps.bodyLimitBytes;
    const tooLarge = { code: "PAYLOAD_TOO_LARGE", message: `request body over ${limit} bytes` };
    const checkBody = limitRequestBody(limit, (c) => c.json({ error: tooLarge }, 413));
    const api = { route: `${TRPC_ENDPOINT}/*`, headers: "api", logLevel: "info" } as const;
    app.all(`${TRPC_ENDPOINT}/*`, observe(api, trpcHandler(services, proxies, checkBody)));
    const exportRoute = { route: CONTACT_EXPORT_PATH, headers: "api", logLevel: "info" } as const;
    app.get(CONTACT_EXPORT_PATH, observe(exportRoute, contactExport(services, proxies)));
    if (deps.artifactsDir) {
      const artifacts = { route: `${ARTIFACTS_PREFIX}/*`, headers: "api", logLevel: "info" } as const;
      app.get(`${ARTIFACTS_PREFIX}/*`, observe(artifacts, artifactFiles(services, proxies, deps.artifactsDir)));
    }
  }

  const notFound = (c: Parameters<typeof internalError>[0]) =>
    c.json({ error: { code: "NOT_FOUND", message: "not found" } }, 404);
  const fallback = deps.webDir ? panelFallback(resolve(deps.webDir), TRPC_ENDPOINT, notFound) : notFound;
  app.notFound(observe({ route: "unmatched", headers: "document", logLevel: "info" }, fallback));
  app.onError((error, c) => internalError(c, error, deps.log));
  return app;
}
