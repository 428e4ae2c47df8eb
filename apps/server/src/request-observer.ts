import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { Logger } from "pino";
import type { HttpRequestStats } from "./http-request-stats.js";
import { requestHeader, requestLog, stampHeaders, type Env, type HeaderSet } from "./request-context.js";

export type Handler = (c: Context<Env>) => Response | Promise<Response>;

/** How a route's responses are labelled and which response headers they get. */
export interface RouteInfo {
  /** The route pattern for the metrics (never the raw path: label values must stay bounded). */
  route: string;
  headers: HeaderSet;
  /** Probes and scrapes every few seconds would drown the log; they log at debug. */
  logLevel: "info" | "debug";
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The answer to an exception no handler caught: logged with the request id, never shown. */
export function internalError(c: Context<Env>, error: unknown, log: Logger): Response {
  requestLog(c, log).error({ err: error }, "unhandled error");
  return c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500);
}

/**
 * Wraps a route's handler in what every request needs: its id, timing, metrics, the access log
 * line and the response headers. A wrapper per route rather than one `*` middleware: Hono answers
 * a request that matches a single handler without a promise chain, so a synchronous handler
 * (`/health`) reaches the socket synchronously, as on a bare Hono route.
 *
 * Handlers that build their own response put the headers in as they do (`stampedHeaders`):
 * touching a finished response's headers makes @hono/node-server build a full WHATWG Headers
 * object, a large share of a fast request's cost.
 */
export function requestObserver(log: Logger, stats: HttpRequestStats) {
  const finish = (c: Context<Env>, info: RouteInfo, requestId: string, started: number, res: Response): Response => {
    stats.end();
    let response = res;
    if (!c.get("stamped")) {
      try {
        stampHeaders(response.headers, requestId, info.headers);
      } catch {
        response = new Response(response.body, response); // immutable headers (a fetched Response)
        stampHeaders(response.headers, requestId, info.headers);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    stats.record(c.req.method, info.route, response.status, seconds);
    if (log.isLevelEnabled(info.logLevel)) {
      const line = { method: c.req.method, path: c.req.path, status: response.status, ms: Math.round(seconds * 1000) };
      requestLog(c, log)[info.logLevel](line, "request");
    }
    return response;
  };

  return (info: RouteInfo, handler: Handler): Handler =>
    (c) => {
      // Already observed: a handler that hands over to another one (`c.notFound()`).
      if (c.get("requestId") !== undefined) return handler(c);
      const started = performance.now();
      const incoming = requestHeader(c, "x-request-id");
      const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      c.set("requestId", requestId);
      stats.begin();
      let result: Response | Promise<Response>;
      try {
        result = handler(c);
      } catch (error) {
        return finish(c, info, requestId, started, internalError(c, error, log));
      }
      if (!(result instanceof Promise)) return finish(c, info, requestId, started, result);
      return result.then(
        (res) => finish(c, info, requestId, started, res),
        (error: unknown) => finish(c, info, requestId, started, internalError(c, error, log)),
      );
    };
}

export type RequestObserver = ReturnType<typeof requestObserver>;
