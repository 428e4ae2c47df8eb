import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { Logger } from "pino";
import { API_SECURITY_HEADERS, MACHINE_HEADERS, SECURITY_HEADERS } from "./security-headers.js";

/** Per-request values the middleware shares with handlers. */
export type Env = { Variables: { requestId?: string; log?: Logger; stamped?: boolean } };

/**
 * The request's logger: a child carrying `reqId`, created on first use, so requests that log
 * nothing (probes at the default level) never pay for it.
 */
export function requestLog(c: Context, root: Logger): Logger {
  let log = c.get("log") as Logger | undefined;
  if (!log) {
    log = root.child({ reqId: c.get("requestId") as string });
    c.set("log", log);
  }
  return log;
}

export type HeaderSet = "machine" | "api" | "document";

const SETS: Record<HeaderSet, readonly (readonly [string, string])[]> = {
  machine: MACHINE_HEADERS,
  api: API_SECURITY_HEADERS,
  document: SECURITY_HEADERS,
};

export function stampHeaders(headers: Headers, requestId: string, set: HeaderSet): void {
  headers.set("x-request-id", requestId);
  for (const [name, value] of SETS[set]) headers.set(name, value);
}

/**
 * Plain-object headers for a response a handler builds itself: the request id and the header set.
 * Marks the request as stamped so the middleware leaves the response alone.
 */
export function stampedHeaders(c: Context, set: HeaderSet, extra?: Record<string, string>): Record<string, string> {
  c.set("stamped", true);
  const headers: Record<string, string> = {};
  for (const [name, value] of SETS[set]) headers[name] = value;
  headers["x-request-id"] = c.get("requestId") as string;
  return extra ? Object.assign(headers, extra) : headers;
}

/** Node's request when the app runs on @hono/node-server; undefined under `app.request()`. */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/**
 * A request header, read from Node's already-parsed `IncomingMessage` when the app runs on
 * @hono/node-server: asking Hono (`c.req.header`) makes the adapter build a WHATWG Headers object
 * for the request, a measurable share of a probe's cost. Falls back to Hono (`app.request()`).
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeRequest(c);
  if (incoming) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }
  return c.req.header(name);
}
